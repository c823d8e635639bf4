#!/usr/bin/env python3
"""A registry token server for the tests: what Distribution's `auth: token` configuration trusts.

GET /token?service=S&scope=repository:NAME:ACTIONS[&scope=...] answers {"token", "access_token",
"expires_in", "issued_at"} with a JWT signed RS256 by --sign-key, its certificate (--sign-cert) in the
x5c header, which the registry verifies against its rootcertbundle. With the right Basic credentials
every asked action is granted; anonymously only "pull"; wrong credentials get 401. Served over TLS
(--cert, --key). Every request is appended to --log as one JSON line, so a test can count them.
"""
import argparse
import base64
import http.server
import json
import ssl
import subprocess
import time
import urllib.parse


def b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def main():
    p = argparse.ArgumentParser()
    for name in ("port", "cert", "key", "sign-key", "sign-cert", "issuer", "service", "user", "password", "log"):
        p.add_argument("--" + name, required=True)
    p.add_argument("--expires-in", type=int, default=300)
    a = p.parse_args()
    der = subprocess.run(["openssl", "x509", "-in", a.sign_cert, "-outform", "DER"], check=True,
                         capture_output=True).stdout
    x5c = base64.b64encode(der).decode()

    def sign(claims):
        header = {"alg": "RS256", "typ": "JWT", "x5c": [x5c]}
        body = b64url(json.dumps(header).encode()) + "." + b64url(json.dumps(claims).encode())
        sig = subprocess.run(["openssl", "dgst", "-sha256", "-sign", a.sign_key], input=body.encode(),
                             check=True, capture_output=True).stdout
        return body + "." + b64url(sig)

    class Handler(http.server.BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def reply(self, status, doc):
            data = json.dumps(doc).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self):
            url = urllib.parse.urlparse(self.path)
            query = urllib.parse.parse_qs(url.query)
            user = None
            auth = self.headers.get("Authorization", "")
            if auth.startswith("Basic "):
                user, _, password = base64.b64decode(auth[6:]).decode(errors="replace").partition(":")
                if user != a.user or password != a.password:
                    self.log(user, query, 401)
                    return self.reply(401, {"errors": [{"code": "UNAUTHORIZED", "message": "wrong user name or password"}]})
            if url.path != "/token" or query.get("service", [""])[0] != a.service:
                self.log(user, query, 400)
                return self.reply(400, {"errors": [{"code": "DENIED", "message": "unknown service"}]})
            access = []
            for scope in query.get("scope", []):
                kind, _, rest = scope.partition(":")
                name, _, actions = rest.rpartition(":")
                granted = [x for x in actions.split(",") if user or x == "pull"]
                access.append({"type": kind, "name": name, "actions": granted})
            now = int(time.time())
            token = sign({"iss": a.issuer, "sub": user or "", "aud": a.service, "exp": now + a.expires_in,
                          "nbf": now - 10, "iat": now, "jti": str(time.monotonic_ns()), "access": access})
            self.log(user, query, 200)
            self.reply(200, {"token": token, "access_token": token, "expires_in": a.expires_in,
                             "issued_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(now))})

        def log(self, user, query, status):
            with open(a.log, "a") as f:
                f.write(json.dumps({"user": user, "scope": query.get("scope", []), "status": status}) + "\n")

    server = http.server.ThreadingHTTPServer(("127.0.0.1", int(a.port)), Handler)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(a.cert, a.key)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
