"""CDS Hooks 2.0 security: every call carries a JWT signed by a registered client (ES384 or RS384 per the spec;
RS256/ES256 also accepted), with iss, sub, aud (this service's URL), exp, iat and jti; a replayed jti is refused."""

from __future__ import annotations

import json
import os
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import jwt

from painpath.adapters.db.cds_store import CdsRecords
from painpath.adapters.db.tables_cds import CdsClient
from painpath.services.errors import AuthenticationFailed

ALGORITHMS = ["ES384", "RS384", "ES256", "RS256", "ES512", "RS512"]
MAX_LIFETIME_SECONDS = 3600  # a token that claims to live longer than an hour is refused (expert estimate)
_JWKS_CLIENTS: dict[str, jwt.PyJWKClient] = {}


def verify(records: CdsRecords, authorization: str, audience: str) -> tuple[CdsClient, dict[str, Any]]:
    """The registered client behind a bearer JWT, and its claims; AuthenticationFailed says what is wrong."""
    scheme, _, token = authorization.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise AuthenticationFailed("send 'Authorization: Bearer <JWT>' signed by a registered CDS client")
    token = token.strip()
    try:
        header = jwt.get_unverified_header(token)
        unverified = jwt.decode(token, options={"verify_signature": False})
    except jwt.PyJWTError as exc:
        raise AuthenticationFailed(f"the bearer token is not a JWT: {exc}") from None
    if header.get("alg") not in ALGORITHMS:
        raise AuthenticationFailed(f"JWT alg {header.get('alg')!r} is not accepted; sign with ES384 or RS384")
    issuer = unverified.get("iss")
    client = records.client_by_issuer(issuer) if isinstance(issuer, str) else None
    if client is None:
        raise AuthenticationFailed(f"JWT iss {issuer!r} is not a registered CDS client (painpath cds-client add)")
    key = _key(client, header)
    try:
        claims: dict[str, Any] = jwt.decode(
            token, key=key, algorithms=ALGORITHMS, audience=audience, issuer=client.issuer,
            options={"require": ["iss", "aud", "exp", "iat", "jti"]}, leeway=30)
    except jwt.ExpiredSignatureError:
        raise AuthenticationFailed("the JWT has expired: sign a new one for each call") from None
    except jwt.InvalidAudienceError:
        raise AuthenticationFailed(f"JWT aud must be this service's URL: {audience}") from None
    except jwt.PyJWTError as exc:
        raise AuthenticationFailed(f"the JWT was refused: {exc}") from None
    if claims["exp"] - claims["iat"] > MAX_LIFETIME_SECONDS:
        raise AuthenticationFailed("the JWT lives too long: exp must be within an hour of iat")
    expires = datetime.fromtimestamp(claims["exp"], UTC)
    if not records.use_token(client.id, str(claims["jti"])[:200], expires):
        raise AuthenticationFailed("this JWT (jti) was already used: sign a new one for each call")
    return client, claims


def _key(client: CdsClient, header: dict[str, Any]) -> Any:
    kid = header.get("kid")
    try:
        if client.jwks_url:
            fetcher = _JWKS_CLIENTS.setdefault(client.jwks_url, jwt.PyJWKClient(client.jwks_url, lifespan=300))
            return (fetcher.get_signing_key(kid) if kid else fetcher.get_signing_keys()[0]).key
        keys = jwt.PyJWKSet.from_dict(client.jwks or {"keys": []}).keys
    except (jwt.PyJWTError, jwt.PyJWKClientError) as exc:
        raise AuthenticationFailed(f"the client's keys could not be read: {exc}") from None
    chosen = [k for k in keys if kid is None or k.key_id == kid]
    if not chosen:
        raise AuthenticationFailed(f"no key with kid {kid!r} in the client's JWKS")
    return chosen[0].key


def load_jwks(text: str) -> dict[str, Any]:
    """A JWKS document from a file's text; a single JWK is wrapped in a set."""
    data = json.loads(text)
    if isinstance(data, dict) and "kty" in data:
        data = {"keys": [data]}
    if not isinstance(data, dict) or not isinstance(data.get("keys"), list):
        raise ValueError("not a JSON Web Key Set: expected an object with a 'keys' list")
    for key in data["keys"]:
        if "d" in key:
            raise ValueError("the JWKS holds a private key ('d'): register the public key only")
    return data


def private_key_file(path: Path) -> Any:
    """An EC P-384 private key from a PEM file, created (mode 0600) when missing: the demo client's key."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import ec

    if path.exists():
        return serialization.load_pem_private_key(path.read_bytes(), password=None)
    key = ec.generate_private_key(ec.SECP384R1())
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                            serialization.NoEncryption())
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(pem)
    return key


def public_jwks(key: Any, kid: str) -> dict[str, Any]:
    """The public half of a private key as a JWKS with one ES384 signing key."""
    public = json.loads(jwt.algorithms.ECAlgorithm.to_jwk(key.public_key()))
    public.update({"kid": kid, "alg": "ES384", "use": "sig"})
    return {"keys": [public]}


def sign(key: Any, *, issuer: str, audience: str, kid: str, lifetime_seconds: int = 300) -> str:
    """A fresh CDS Hooks JWT for one call (a new jti each time)."""
    now = int(time.time())
    claims = {"iss": issuer, "sub": issuer, "aud": audience, "iat": now, "exp": now + lifetime_seconds,
              "jti": str(uuid.uuid4())}
    return jwt.encode(claims, key, algorithm="ES384", headers={"kid": kid, "typ": "JWT"})
