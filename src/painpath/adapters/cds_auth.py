"""CDS Hooks 2.0 security: every call carries a JWT signed by a registered client (ES384 or RS384 per the spec;
RS256/ES256 also accepted), with iss, sub, aud (this service's URL), exp, iat and jti; a replayed jti is refused."""

from __future__ import annotations

import json
import os
import threading
import time
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import jwt

from painpath.adapters.db.cds_store import CdsRecords, fingerprint
from painpath.services.errors import AuthenticationFailed

ALGORITHMS = ["ES384", "RS384", "ES256", "RS256", "ES512", "RS512"]
MAX_LIFETIME_SECONDS = 3600  # a token that claims to live longer than an hour is refused (expert estimate)
_JWKS_CLIENTS: dict[str, jwt.PyJWKClient] = {}


LEEWAY_SECONDS = 30  # clock skew allowed on exp and iat


class NeedsLookup(Exception):
    """Raised by an ``offline`` verification that would have to read the database or fetch a JWKS URL: the
    caller runs the verification again where blocking I/O is allowed (a worker thread, not the event loop)."""


@dataclass(frozen=True)
class ClientKeys:
    """A registered client as the last look-up found it, with its public keys parsed once. ``fingerprint`` names
    the client's registration (its JWKS or JWKS URL and whether it is active): the call's transaction checks it is
    still the one in the database, so a revoked client or replaced keys take effect at once."""

    id: int
    name: str
    issuer: str
    fingerprint: str
    jwks_url: str | None
    keys: tuple[Any, ...]


class KeyCache:
    """Registered clients by issuer with their parsed keys, per process: building EC/RSA key objects from a JWKS
    and looking the client up cost a read transaction per call (on SQLite a write lock). An issuer not found is
    looked up again on its next call; keys that fail to verify a signature are re-read once (a rotated key)."""

    def __init__(self, records: CdsRecords) -> None:
        self.records = records
        self._by_issuer: dict[str, ClientKeys] = {}
        self._lock = threading.Lock()

    def get(self, issuer: str, *, fresh: bool = False, offline: bool = False) -> tuple[ClientKeys | None, bool]:
        """(the client's keys, whether they came from the cache). ``offline``: NeedsLookup instead of a read."""
        if not fresh:
            with self._lock:
                found = self._by_issuer.get(issuer)
            if found is not None:
                return found, True
        if offline:
            raise NeedsLookup(issuer)
        client = self.records.client_by_issuer(issuer)
        if client is None:
            self.forget(issuer)
            return None, False
        keys: tuple[Any, ...] = ()
        if not client.jwks_url:
            try:
                keys = tuple(jwt.PyJWKSet.from_dict(client.jwks or {"keys": []}).keys)
            except jwt.PyJWTError as exc:
                raise AuthenticationFailed(f"the client's keys could not be read: {exc}") from None
        entry = ClientKeys(client.id, client.name, client.issuer, fingerprint(client), client.jwks_url, keys)
        with self._lock:
            self._by_issuer[issuer] = entry
        return entry, False

    def forget(self, issuer: str) -> None:
        with self._lock:
            self._by_issuer.pop(issuer, None)


@dataclass(frozen=True)
class Verified:
    """A JWT whose signature, issuer, audience and lifetime are good; its jti is recorded (a replay refused) in
    the transaction that records the call (CdsRecords.settle)."""

    client: ClientKeys
    claims: dict[str, Any]

    @property
    def jti(self) -> str:
        return str(self.claims["jti"])[:200]

    @property
    def expires_at(self) -> datetime:
        return datetime.fromtimestamp(self.claims["exp"], UTC)


def verify_signature(keys: KeyCache, authorization: str, audience: str, *, offline: bool = False) -> Verified:
    """The registered client behind a bearer JWT and its claims, signature checked; AuthenticationFailed says
    what is wrong. The jti is not recorded here: CdsRecords.settle records it with the call's cards.
    ``offline``: only from keys already parsed in this process (pure CPU, safe on the event loop); NeedsLookup
    when the database or the client's JWKS URL would have to be read."""
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
    client, cached = keys.get(issuer, offline=offline) if isinstance(issuer, str) else (None, False)
    if client is None:
        raise AuthenticationFailed(f"JWT iss {issuer!r} is not a registered CDS client (painpath cds-client add)")
    try:
        claims = _decode(token, client, header, audience, offline=offline)
    except AuthenticationFailed:
        if not cached:
            raise
        if offline:
            raise NeedsLookup(client.issuer) from None
        client, _ = keys.get(client.issuer, fresh=True)  # the client may have registered new keys since
        if client is None:
            raise AuthenticationFailed(f"JWT iss {issuer!r} is not a registered CDS client") from None
        claims = _decode(token, client, header, audience)
    if claims["exp"] - claims["iat"] > MAX_LIFETIME_SECONDS:
        raise AuthenticationFailed("the JWT lives too long: exp must be within an hour of iat")
    return Verified(client, claims)


def _decode(token: str, client: ClientKeys, header: dict[str, Any], audience: str, *,
            offline: bool = False) -> dict[str, Any]:
    if offline and client.jwks_url:
        raise NeedsLookup(client.issuer)  # the JWKS client may fetch its URL
    key = _key(client, header)
    try:
        claims: dict[str, Any] = jwt.decode(
            token, key=key, algorithms=ALGORITHMS, audience=audience, issuer=client.issuer,
            options={"require": ["iss", "aud", "exp", "iat", "jti"]}, leeway=LEEWAY_SECONDS)
    except jwt.ExpiredSignatureError:
        raise AuthenticationFailed("the JWT has expired: sign a new one for each call") from None
    except jwt.InvalidAudienceError:
        raise AuthenticationFailed(f"JWT aud must be this service's URL: {audience}") from None
    except jwt.PyJWTError as exc:
        raise AuthenticationFailed(f"the JWT was refused: {exc}") from None
    return claims


def verify(keys: KeyCache, authorization: str, audience: str) -> tuple[ClientKeys, dict[str, Any]]:
    """verify_signature, then the jti recorded at once in its own transaction (for calls that write nothing else
    worth joining to it, such as feedback)."""
    verified = verify_signature(keys, authorization, audience)
    if not keys.records.use_token(verified.client.id, verified.jti, verified.expires_at):
        raise AuthenticationFailed("this JWT (jti) was already used: sign a new one for each call")
    return verified.client, verified.claims


def _key(client: ClientKeys, header: dict[str, Any]) -> Any:
    kid = header.get("kid")
    try:
        if client.jwks_url:
            fetcher = _JWKS_CLIENTS.setdefault(client.jwks_url, jwt.PyJWKClient(client.jwks_url, lifespan=300))
            return (fetcher.get_signing_key(kid) if kid else fetcher.get_signing_keys()[0]).key
    except (jwt.PyJWTError, jwt.PyJWKClientError) as exc:
        raise AuthenticationFailed(f"the client's keys could not be read: {exc}") from None
    chosen = [k for k in client.keys if kid is None or k.key_id == kid]
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
