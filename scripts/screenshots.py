#!/usr/bin/env python3
"""Full-page screenshots of a running Pantau at phone and desktop widths, to see pages as users do.

Signs in with a form POST (urllib, cookie jar), hands the `pantau_session` cookie to headless
Chromium and drives it over the DevTools protocol. For each path it writes `<slug>-phone.png`
(390x844 CSS px, device scale 2, mobile) and `<slug>-desktop.png` (1366x900, scale 1) to --out;
the slug is the path with non-alphanumerics turned into dashes ("/" becomes "home"). It prints each
page's own width (document scrollWidth) and exits non-zero when one is wider than its screen.

    PANTAU_PASSWORD=... python3 scripts/screenshots.py --base http://127.0.0.1:8080 \\
        --user admin --password-env PANTAU_PASSWORD --out /tmp/shots / /wilayah/36.73 "/wilayah?q=x"
    python3 scripts/screenshots.py --anonymous --out /tmp/shots /masuk

The password is read from the environment variable named by --password-env, never from argv.
Needs Chromium (--chromium, default /usr/bin/chromium) and `pip install websocket-client`.
"""
import argparse, base64, http.cookiejar, json, os, re, shutil, signal, socket, subprocess, sys, tempfile, time
import urllib.error, urllib.parse, urllib.request

try:
    import websocket
except ImportError:
    sys.exit("needs websocket-client: pip install websocket-client")

VIEWPORTS = {"phone": dict(width=390, height=844, deviceScaleFactor=2, mobile=True),
             "desktop": dict(width=1366, height=900, deviceScaleFactor=1, mobile=False)}
MAX_HEIGHT = 20000  # CSS px; longer pages are cut off (with a warning)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # urllib then raises HTTPError for the 3xx, after the cookie jar has seen it


def sign_in(base, user, password):
    """Returns the value of the pantau_session cookie, or exits with a message."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), _NoRedirect)
    page = opener.open(base + "/masuk", timeout=15).read().decode("utf-8", "replace")
    token = re.search(r'name="_csrf"\s+value="([^"]+)"', page)
    if not token or not any(c.name == "pantau_csrf" for c in jar):
        sys.exit("sign-in failed: no CSRF token/cookie on /masuk")
    body = urllib.parse.urlencode({"_csrf": token.group(1), "username": user, "password": password, "next": "/"})
    request = urllib.request.Request(base + "/masuk", data=body.encode(),
                                     headers={"Content-Type": "application/x-www-form-urlencoded"})
    try:
        status = opener.open(request, timeout=30).status
    except urllib.error.HTTPError as error:
        status = error.code
    session = next((c.value for c in jar if c.name == "pantau_session"), None)
    if status not in (302, 303) or not session:
        sys.exit(f"sign-in failed: HTTP {status}, session cookie {'set' if session else 'missing'}")
    return session


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Chromium:
    """A headless Chromium with one page target, spoken to over its DevTools websocket."""

    def __init__(self, binary, timeout=30):
        self.timeout, self.next_id, self.events = timeout, 0, []
        self.profile, port = tempfile.mkdtemp(prefix="pantau-shots-"), free_port()
        self.process = subprocess.Popen(
            [binary, "--headless=new", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
             f"--remote-debugging-port={port}", f"--user-data-dir={self.profile}", "about:blank"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        self.ws, deadline = None, time.monotonic() + 20
        while self.ws is None and time.monotonic() < deadline and self.process.poll() is None:
            try:
                targets = json.load(urllib.request.urlopen(f"http://127.0.0.1:{port}/json", timeout=2))
                page = next(t for t in targets if t.get("type") == "page")
                self.ws = websocket.create_connection(page["webSocketDebuggerUrl"], timeout=timeout,
                                                      suppress_origin=True)
            except (OSError, StopIteration, ValueError, websocket.WebSocketException):
                time.sleep(0.2)
        if self.ws is None:
            self.close()
            sys.exit("chromium did not start (or exposed no page target)")

    def _receive(self, deadline):
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise TimeoutError("no answer from chromium in time")
        self.ws.settimeout(remaining)
        return json.loads(self.ws.recv())

    def call(self, method, **params):
        self.next_id += 1
        self.ws.send(json.dumps({"id": self.next_id, "method": method, "params": params}))
        deadline = time.monotonic() + self.timeout
        while True:
            message = self._receive(deadline)
            if message.get("id") == self.next_id:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return message.get("result", {})
            if "method" in message:
                self.events.append(message["method"])

    def wait_for(self, event, timeout):
        deadline = time.monotonic() + timeout
        while event not in self.events:
            message = self._receive(deadline)
            if "method" in message:
                self.events.append(message["method"])

    def navigate(self, url):
        self.events.clear()
        result = self.call("Page.navigate", url=url)
        if result.get("errorText"):
            raise RuntimeError(f"{url}: {result['errorText']}")
        self.wait_for("Page.loadEventFired", self.timeout)
        self.call("Runtime.evaluate", expression="document.fonts.ready", awaitPromise=True)

    def screenshot(self, path):
        metrics = self.call("Page.getLayoutMetrics")
        size = metrics.get("cssContentSize") or metrics["contentSize"]
        height = size["height"]
        if height > MAX_HEIGHT:
            print(f"warning: {path} cut to {MAX_HEIGHT} of {height:.0f} px", file=sys.stderr)
        clip = {"x": 0, "y": 0, "width": size["width"], "height": min(height, MAX_HEIGHT), "scale": 1}
        shot = self.call("Page.captureScreenshot", format="png", captureBeyondViewport=True, clip=clip)
        with open(path, "wb") as f:
            f.write(base64.b64decode(shot["data"]))

    def close(self):
        if self.ws is not None:
            self.ws.close()
        try:
            os.killpg(self.process.pid, signal.SIGTERM)  # its own session: chromium and its helpers
            self.process.wait(timeout=10)
        except ProcessLookupError:
            pass
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)
        shutil.rmtree(self.profile, ignore_errors=True)


def slug(path):
    return re.sub(r"[^A-Za-z0-9]+", "-", path).strip("-") or "home"


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--base", default="http://127.0.0.1:8080", help="Pantau base URL")
    parser.add_argument("--user", default="admin")
    parser.add_argument("--password-env", default="PANTAU_PASSWORD", metavar="NAME",
                        help="environment variable holding the password")
    parser.add_argument("--anonymous", action="store_true", help="do not sign in (e.g. for /masuk)")
    parser.add_argument("--out", default="/tmp/shots", help="output folder")
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    parser.add_argument("--timeout", type=float, default=30, help="seconds to wait for each step")
    parser.add_argument("paths", nargs="+", help="paths such as / or /wilayah?q=x")
    args = parser.parse_args()
    base = args.base.rstrip("/")

    session = None
    if not args.anonymous:
        password = os.environ.get(args.password_env)
        if not password:
            sys.exit(f"set the environment variable {args.password_env} (or pass --anonymous)")
        session = sign_in(base, args.user, password)
    os.makedirs(args.out, exist_ok=True)

    browser = Chromium(args.chromium, args.timeout)
    too_wide = []
    try:
        browser.call("Page.enable")
        if session:
            browser.call("Network.enable")
            browser.call("Network.setCookie", name="pantau_session", value=session,
                         domain=urllib.parse.urlsplit(base).hostname, path="/", httpOnly=True)
        for path in args.paths:
            for name, metrics in VIEWPORTS.items():
                browser.call("Emulation.setDeviceMetricsOverride", **metrics)
                browser.navigate(base + path)
                landed = browser.call("Runtime.evaluate", expression="location.pathname")["result"].get("value")
                if session and landed == "/masuk" and not path.startswith("/masuk"):
                    print(f"warning: {path} showed the login page (session not accepted?)", file=sys.stderr)
                target = os.path.join(args.out, f"{slug(path)}-{name}.png")
                browser.screenshot(target)
                # The page's own width: wider than the viewport means something sticks out and
                # the whole page scrolls sideways (a long word, a table, the menu).
                width = browser.call("Runtime.evaluate", expression="document.documentElement.scrollWidth")["result"].get("value")
                fits = width is not None and width <= metrics["width"]
                if not fits:
                    too_wide.append(f"{path} ({name})")
                print(f"{target}  width {width} of {metrics['width']} px{'' if fits else '  TOO WIDE'}")
    finally:
        browser.close()
    if too_wide:
        sys.exit("wider than the screen: " + ", ".join(too_wide))


if __name__ == "__main__":
    main()
