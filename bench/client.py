"""HTTP for the benchmark: one request at a time, logging in through the real forms (CSRF token, password,
two-step code), so every measured request carries a real server-side session cookie."""
import http.client
import re
import time
import urllib.parse
from dataclasses import dataclass

import pyotp

CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


@dataclass
class Answer:
    status: int
    headers: dict
    body: bytes
    seconds: float

    @property
    def location(self) -> str:
        return self.headers.get("location", "")


class Browser:
    """Keeps the session cookie like a browser would (only the `session` cookie matters here)."""

    def __init__(self, host: str, port: int):
        self.host, self.port, self.cookie = host, port, ""

    def request(self, method: str, path: str, form: dict | None = None, timeout: float = 120) -> Answer:
        connection = http.client.HTTPConnection(self.host, self.port, timeout=timeout)
        headers = {"Cookie": self.cookie} if self.cookie else {}
        body = None
        if form is not None:
            body = urllib.parse.urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        started = time.perf_counter()
        try:
            connection.request(method, path, body, headers)
            response = connection.getresponse()
            data = response.read()
        finally:
            connection.close()
        seconds = time.perf_counter() - started
        answer = Answer(response.status, {k.lower(): v for k, v in response.getheaders()}, data, seconds)
        for name, value in response.getheaders():
            if name.lower() == "set-cookie" and value.startswith("session="):
                self.cookie = value.split(";", 1)[0]
        return answer

    def get(self, path: str) -> Answer:
        return self.request("GET", path)

    def post_form(self, form_path: str, values: dict, post_path: str | None = None) -> Answer:
        """Load the page with the form (for its CSRF token), then send the form."""
        page = self.get(form_path)
        match = CSRF.search(page.body.decode("utf-8", "replace"))
        token = {"csrf_token": match.group(1)} if match else {}
        return self.request("POST", post_path or form_path, {**token, **values})

    def login(self, email: str, password: str, totp_secret: str | None = None) -> None:
        answer = self.post_form("/login", {"email": email, "password": password})
        if answer.status != 302:
            raise RuntimeError(f"login of {email} failed: HTTP {answer.status}")
        if answer.location.endswith("/login/code"):
            if not totp_secret:
                raise RuntimeError(f"{email} needs a two-step code")
            totp = pyotp.TOTP(totp_secret)
            # A code can be used once: if this step's code was used by an earlier run, the next one is accepted.
            for moment in (time.time(), time.time() + 30):
                answer = self.post_form("/login/code", {"code": totp.at(moment)})
                if answer.status == 302:
                    break
            else:
                raise RuntimeError(f"two-step login of {email} failed")
        if "/login" in answer.location:
            raise RuntimeError(f"login of {email} ended at {answer.location}")
