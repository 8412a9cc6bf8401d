#!/usr/bin/env python3
"""Signs in to a running Pantau and saves full-page screenshots of pages at phone and desktop
widths with headless Chromium (Debian's chromium package), to look at pages as users see them.

    PANTAU_PASSWORD=... python3 scripts/screenshots.py --base http://127.0.0.1:8080 \
        --user admin --out /tmp/shots / /regions/36.73 /agencies
    python3 scripts/screenshots.py --anonymous --out /tmp/shots /login

Needs `pip install websocket-client`. The password is read from the environment variable named by
--password-env (default PANTAU_PASSWORD), never from the command line.
"""
import argparse, base64, http.cookiejar, json, os, re, shutil, socket, subprocess, sys, tempfile, time
import urllib.parse, urllib.request
import websocket

VIEWPORTS = {"phone": (390, 844, 2, True), "desktop": (1366, 900, 1, False)}

class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None

def sign_in(base, user, password):
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), NoRedirect)
    page = opener.open(base + "/login", timeout=10).read().decode()
    token = re.search(r'name="_csrf" value="([^"]+)"', page).group(1)
    body = urllib.parse.urlencode({"_csrf": token, "username": user, "password": password, "next": "/"}).encode()
    try:
        opener.open(urllib.request.Request(base + "/login", data=body), timeout=30)
    except urllib.error.HTTPError as error:
        if error.code != 303:
            sys.exit(f"sign-in failed: HTTP {error.code}")
    session = next((c.value for c in jar if c.name == "pantau_session"), None)
    if not session:
        sys.exit("sign-in failed: no session cookie")
    return session

def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]

class Chromium:
    def __init__(self):
        self.port, self.profile = free_port(), tempfile.mkdtemp()
        self.process = subprocess.Popen(["chromium", "--headless=new", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                                         f"--remote-debugging-port={self.port}", f"--user-data-dir={self.profile}", "about:blank"],
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for _ in range(100):
            try:
                targets = json.load(urllib.request.urlopen(f"http://127.0.0.1:{self.port}/json", timeout=1))
                page = next(t for t in targets if t["type"] == "page")
                self.ws = websocket.create_connection(page["webSocketDebuggerUrl"], timeout=30)
                break
            except Exception:
                time.sleep(0.1)
        else:
            self.close()
            sys.exit("chromium did not start")
        self.next_id = 0

    def call(self, method, **params):
        self.next_id += 1
        self.ws.send(json.dumps({"id": self.next_id, "method": method, "params": params}))
        deadline = time.time() + 30
        while time.time() < deadline:
            message = json.loads(self.ws.recv())
            if message.get("id") == self.next_id:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return message.get("result", {})
        raise TimeoutError(method)

    def wait_for_load(self, timeout=20):
        deadline = time.time() + timeout
        while time.time() < deadline:
            state = self.call("Runtime.evaluate", expression="document.readyState")["result"].get("value")
            if state == "complete":
                return
            time.sleep(0.1)

    def close(self):
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
        shutil.rmtree(self.profile, ignore_errors=True)

def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--base", default="http://127.0.0.1:8080")
    parser.add_argument("--user", default="admin")
    parser.add_argument("--password-env", default="PANTAU_PASSWORD")
    parser.add_argument("--anonymous", action="store_true")
    parser.add_argument("--out", default="/tmp/shots")
    parser.add_argument("paths", nargs="+")
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)
    session = None if args.anonymous else sign_in(args.base, args.user, os.environ.get(args.password_env) or sys.exit(f"set {args.password_env}"))
    host = urllib.parse.urlparse(args.base).hostname
    browser = Chromium()
    try:
        browser.call("Page.enable")
        if session:
            browser.call("Network.enable")
            browser.call("Network.setCookie", name="pantau_session", value=session, domain=host, path="/", httpOnly=True)
        for path in args.paths:
            slug = re.sub(r"[^A-Za-z0-9]+", "-", path).strip("-") or "home"
            for name, (width, height, scale, mobile) in VIEWPORTS.items():
                browser.call("Emulation.setDeviceMetricsOverride", width=width, height=height, deviceScaleFactor=scale, mobile=mobile)
                browser.call("Page.navigate", url=args.base + path)
                time.sleep(0.3)
                browser.wait_for_load()
                size = browser.call("Page.getLayoutMetrics")["cssContentSize"]
                shot = browser.call("Page.captureScreenshot", format="png", captureBeyondViewport=True,
                                    clip={"x": 0, "y": 0, "width": width, "height": min(size["height"], 6000), "scale": 1})
                target = os.path.join(args.out, f"{slug}-{name}.png")
                with open(target, "wb") as f:
                    f.write(base64.b64decode(shot["data"]))
                print(target)
    finally:
        browser.close()

if __name__ == "__main__":
    main()
