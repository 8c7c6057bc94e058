#!/usr/bin/env python3
"""A Docker Engine stand-in on a Unix socket for docker.listContainers/listImages: GET /version,
then /v1.41/containers/json and /v1.41/images/json, each answering a fixed list that echoes the
query it was sent (so a test sees the SDK's options arrive). Usage: fake_engine.py SOCKET"""
import http.server
import json
import os
import socketserver
import sys
import urllib.parse


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def answer(self, status, value):
        body = json.dumps(value).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        url = urllib.parse.urlsplit(self.path)
        query = dict(urllib.parse.parse_qsl(url.query))
        if url.path in ("/version", "/v1.41/version"):
            return self.answer(200, {"ApiVersion": "1.41", "Version": "fake"})
        if url.path == "/_ping":
            return self.answer(200, "OK")
        if url.path == "/v1.41/containers/json":
            return self.answer(200, [{"Id": "c1", "Names": ["/web"], "Query": query}])
        if url.path == "/v1.41/images/json":
            return self.answer(200, [{"Id": "sha256:i1", "RepoTags": ["local/x:1"], "Query": query}])
        return self.answer(404, {"message": "page not found"})


class Server(socketserver.ThreadingMixIn, socketserver.UnixStreamServer):
    daemon_threads = True

    def get_request(self):
        request, _ = super().get_request()
        return request, ("local", 0)


if __name__ == "__main__":
    path = sys.argv[1]
    if os.path.exists(path):
        os.unlink(path)
    Server(path, Handler).serve_forever()
