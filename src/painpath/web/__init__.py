"""The HTTP service: FastAPI app, routes, schemas, authentication."""
