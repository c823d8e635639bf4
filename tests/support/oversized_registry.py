#!/usr/bin/env python3
"""A hostile registry for the tests: plain HTTP on 127.0.0.1, a port the kernel picks (printed as the
first line on stdout). GET /v2/ answers 200; every manifest is --size bytes of a JSON document that
never ends (an OCI manifest's opening, then spaces), sent with a Content-Length or, with --chunked,
in chunks with none — a client must stop at its own cap either way, never buffer it all.
"""
import argparse
import http.server
import sys


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--size", type=int, required=True)
    p.add_argument("--chunked", action="store_true")
    a = p.parse_args()

    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args):
            pass

        def do_GET(self):
            if self.path == "/v2/":
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", "2")
                self.end_headers()
                self.wfile.write(b"{}")
                return
            if "/manifests/" not in self.path:
                self.send_response(404)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            head = b'{"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json", "x": "'
            body_left = a.size
            self.send_response(200)
            self.send_header("Content-Type", "application/vnd.oci.image.manifest.v1+json")
            if a.chunked:
                self.send_header("Transfer-Encoding", "chunked")
            else:
                self.send_header("Content-Length", str(a.size))
            self.end_headers()
            chunk = head + b" " * (65536 - len(head))
            try:
                while body_left > 0:
                    piece = chunk[: min(len(chunk), body_left)]
                    chunk = b" " * 65536
                    body_left -= len(piece)
                    if a.chunked:
                        self.wfile.write(b"%x\r\n" % len(piece) + piece + b"\r\n")
                    else:
                        self.wfile.write(piece)
                if a.chunked:
                    self.wfile.write(b"0\r\n\r\n")
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client stopped reading: what a client should do

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    print(server.server_address[1], flush=True)
    sys.stdout.close()
    server.serve_forever()


if __name__ == "__main__":
    main()
