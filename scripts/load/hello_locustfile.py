"""Locust against the hello-world reference: the same user steps, one request kind."""

from locust import HttpUser, between, task
from locustfile import Steps  # noqa: F401  (the same load shape)


class Hello(HttpUser):
    wait_time = between(1, 3)

    @task
    def hello(self) -> None:
        self.client.get("/", name="GET / (hello world)")
