"""Browser tests: headless Chromium (Debian's chromium and chromium-driver) driven by Selenium against a real
`tandem demo` (TLS, SQLite, seeded but not yet published). A coordinator signs in, solves while the progress chart
moves, and publishes; the volunteer's open page shows the new offer without a reload; the volunteer declines; the
coordinator's page shows the decline and the re-planned offer to someone else; the zh/en switch works. Each step
leaves a screenshot in artifacts/browser/. Also measured: script bytes per page and the console's first paint.
Prints `e2e-browser: N passed, N failed`."""
import os
import re
import shutil
import tempfile
import time

from selenium import webdriver
from selenium.webdriver.chrome.service import Service as ChromeService
from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

from tandem_client import Checks, Server

check = Checks("e2e-browser")
SHOTS = os.path.join("artifacts", "browser")


def browser(downloads=None):
    options = webdriver.ChromeOptions()
    if downloads:
        options.add_experimental_option("prefs", {"download.default_directory": downloads, "download.prompt_for_download": False})
    for flag in ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--ignore-certificate-errors",
                 "--window-size=1280,900", "--lang=zh-CN", "--autoplay-policy=no-user-gesture-required"]:
        options.add_argument(flag)
    binary = shutil.which("chromium") or shutil.which("chromium-browser")
    if binary:
        options.binary_location = binary
    driver_path = shutil.which("chromedriver") or "/usr/bin/chromedriver"
    driver = webdriver.Chrome(service=ChromeService(driver_path), options=options)
    if downloads:
        driver.execute_cdp_cmd("Page.setDownloadBehavior", {"behavior": "allow", "downloadPath": downloads})
    return driver


def shot(driver, name):
    driver.save_screenshot(os.path.join(SHOTS, name + ".png"))


def wait(driver, seconds=30):
    # The pages re-render their tables on every push event: an element found a moment ago may be gone by the time
    # it is read, so a stale element means "look again", not a failure.
    return WebDriverWait(driver, seconds, poll_frequency=0.2, ignored_exceptions=[StaleElementReferenceException])


async def scenario(binary):
    os.makedirs(SHOTS, exist_ok=True)
    data = tempfile.mkdtemp(prefix="tandem-browser-")
    server = Server(binary, data, command="demo", extra=["--no-publish", "--seconds", "3"]).start()
    coordinator = volunteer = None
    try:
        base = f"https://localhost:{server.port}"
        invitations = [m.group(1) for line in server.log for m in [re.search(r"volunteer.html#invite=(\S+)", line)] if m]
        check("the demo prints volunteer invitation links", len(invitations) == 3, server.log)

        downloads = tempfile.mkdtemp(prefix="tandem-downloads-")
        coordinator = browser(downloads)
        coordinator.get(base + "/")
        # The paint entry is recorded a moment after the load event that `get` waits for: ask until it is there.
        first_paint = None
        for _ in range(50):
            first_paint = coordinator.execute_script(
                "const p = performance.getEntriesByName('first-contentful-paint')[0] || performance.getEntriesByType('paint')[0];"
                "return p ? p.startTime : null;")
            if first_paint is not None:
                break
            time.sleep(0.1)
        check("the console paints within 1 s on loopback", first_paint is not None and first_paint < 1000, first_paint)
        wait(coordinator).until(EC.visibility_of_element_located((By.ID, "login")))
        coordinator.find_element(By.ID, "username").send_keys("coordinator")
        coordinator.find_element(By.ID, "password").send_keys("tandem-demo")
        shot(coordinator, "01-console-sign-in")
        coordinator.find_element(By.CSS_SELECTOR, "#login button[type=submit]").click()
        wait(coordinator).until(EC.visibility_of_element_located((By.ID, "console")))
        wait(coordinator).until(lambda d: "live" in d.find_element(By.ID, "status").get_attribute("class"))
        check("the coordinator signs in and the push connection is live", True)
        scripts = coordinator.execute_script(
            "return performance.getEntriesByType('resource').filter(r => r.name.endsWith('.js'))"
            ".reduce((n, r) => n + (r.decodedBodySize || r.encodedBodySize || 0), 0)")
        check("the console loads less than 200 KB of script", 0 < scripts < 200 * 1024, scripts)
        shot(coordinator, "02-console-signed-in")

        volunteer = browser()
        volunteer.get(f"{base}/volunteer.html#invite={invitations[0]}")
        wait(volunteer).until(lambda d: "live" in d.find_element(By.ID, "status").get_attribute("class"))
        check("the volunteer joins by invitation link; nothing offered yet",
              not volunteer.find_elements(By.CSS_SELECTOR, "li.offer"), volunteer.page_source[:500])
        scripts = volunteer.execute_script(
            "return performance.getEntriesByType('resource').filter(r => r.name.endsWith('.js'))"
            ".reduce((n, r) => n + (r.decodedBodySize || r.encodedBodySize || 0), 0)")
        check("the volunteer page loads less than 200 KB of script", 0 < scripts < 200 * 1024, scripts)
        shot(volunteer, "03-volunteer-joined")

        seconds = coordinator.find_element(By.ID, "seconds")
        seconds.clear()
        seconds.send_keys("3")
        coordinator.find_element(By.ID, "solve").click()
        wait(coordinator).until(lambda d: d.find_elements(By.CSS_SELECTOR, "#chart path"))
        shot(coordinator, "04-solve-progress")
        check("solve progress is drawn live", True)
        wait(coordinator, 60).until(lambda d: d.find_element(By.ID, "publish").is_enabled())
        chips = coordinator.find_elements(By.CSS_SELECTOR, "#calendar .chip")
        check("the draft shows as a calendar by person", len(chips) > 50, len(chips))
        shot(coordinator, "05-draft")
        people = coordinator.find_elements(By.CSS_SELECTOR, "#people tr[data-person]")
        flagged = coordinator.find_elements(By.CSS_SELECTOR, "#people tr[data-flagged='true']")
        check("people are listed with their certificates, one expiring before a booked task flagged",
              len(people) > 100 and len(flagged) >= 1, (len(people), len(flagged)))
        report = coordinator.find_elements(By.CSS_SELECTOR, "#report tr")
        check("hours and coverage per person are reported", len(report) > 50, len(report))
        coordinator.execute_script("document.getElementById('people').scrollIntoView()")
        shot(coordinator, "05b-people")
        coordinator.execute_script("window.scrollTo(0, 0)")
        coordinator.find_element(By.ID, "publish").click()
        wait(coordinator).until(lambda d: len(d.find_elements(By.CSS_SELECTOR, "#offer-table tr")) > 50)
        shot(coordinator, "06-published")
        check("publishing lists every offer with its status", True)

        started = time.time()
        wait(volunteer, 20).until(lambda d: d.find_elements(By.CSS_SELECTOR, "li.offer.offered"))
        check("the volunteer's open page shows the new offer without a reload", True, time.time() - started)
        badge = volunteer.find_element(By.ID, "badge")
        check("a badge counts the new offers", badge.is_displayed() and int(badge.text) >= 1, badge.text)
        shot(volunteer, "07-volunteer-offer")
        # "Why me" in the page's language, then in the other one once the volunteer switches.
        def why_texts():
            return [w.text for w in volunteer.find_elements(By.CSS_SELECTOR, "li.offer.offered .why")]

        def in_language(text, zh):
            label, _, reason = text.partition(":")
            if zh:
                return label == "为什么是我" and len(re.findall(r"[\u4e00-\u9fff]", reason)) > 4 and "chosen" not in reason
            return label == "Why me" and len(re.findall(r"[A-Za-z]{3,}", reason)) >= 3
        first = why_texts()
        zh_first = bool(first) and first[0].startswith("为什么是我")
        check("the offer card says why this volunteer, in the page's language", first and in_language(first[0], zh_first), first[:1])
        volunteer.find_element(By.ID, "language").click()
        second = wait(volunteer).until(lambda d: [w for w in why_texts() if in_language(w, not zh_first)])
        check("and in the other language when the volunteer switches", bool(second), second[:1])
        volunteer.find_element(By.ID, "language").click()

        offer = volunteer.find_elements(By.CSS_SELECTOR, "li.offer.offered")[0]
        offer_id, task = offer.get_attribute("data-offer"), offer.get_attribute("data-task")
        # The task's other seats may hold offers already: the re-plan's offer is one that was not there before.
        existing = {r.get_attribute("data-offer") for r in coordinator.find_elements(By.CSS_SELECTOR, f"#offer-table tr[data-task='{task}']")}
        offer.find_element(By.CSS_SELECTOR, "button.decline").click()
        wait(volunteer).until(lambda d: d.find_elements(By.CSS_SELECTOR, f"li.offer.declined[data-offer='{offer_id}']"))
        shot(volunteer, "08-volunteer-declined")
        check("the volunteer declines on the page", True)

        started = time.time()
        wait(coordinator, 20).until(lambda d: d.find_elements(By.CSS_SELECTOR, f"#offer-table tr[data-offer='{offer_id}'][data-status='declined']"))
        check("the coordinator's page shows the decline live", True, time.time() - started)
        replanned = wait(coordinator, 30).until(lambda d: [r for r in d.find_elements(By.CSS_SELECTOR, f"#offer-table tr[data-task='{task}']")
                                                        if r.get_attribute("data-status") == "offered"
                                                        and r.get_attribute("data-offer") not in existing | {offer_id}])
        check("the re-planned offer to someone else appears within seconds", replanned and time.time() - started < 30,
              time.time() - started)
        shot(coordinator, "09-replanned")
        # The diff line tells what the re-plan changed against the version it replaced, seat by seat.
        token = server.login("coordinator", "tandem-demo")
        org = coordinator.execute_script("return document.getElementById('org').value")
        week = coordinator.execute_script("return document.getElementById('week').value")
        _, versions = server.http("GET", f"/api/orgs/{org}/versions?week={week}", None, token)
        newest, before = sorted((v for v in versions if v["status"] in ("published", "superseded")), key=lambda v: -v["id"])[:2]
        seats = lambda v: {(a["task"], a["seat"]): a["person"] for a in server.http("GET", f"/api/versions/{v['id']}", None, token)[1]["schedule"]["assignments"]}
        now_seats, then_seats = seats(newest), seats(before)
        moved = sum(1 for k in now_seats if k in then_seats and then_seats[k] != now_seats[k])
        removed = sum(1 for k in then_seats if k not in now_seats)
        added = sum(1 for k in now_seats if k not in then_seats)
        expected = (f"#{before['id']}: {added} 新增, {removed} 移除, {moved} 换人",
                    f"#{before['id']}: {added} added, {removed} removed, {moved} moved")
        try:
            line = wait(coordinator, 10).until(lambda d: any(e in d.find_element(By.ID, "diff").text for e in expected)
                                               and d.find_element(By.ID, "diff").text)
        except Exception:
            line = None
        check("the diff line counts the re-plan's real change against the version it replaced",
              line and added + removed + moved >= 1, (coordinator.find_element(By.ID, "diff").text, expected))

        # Drag people onto seats: a volunteer onto a social worker's duty is refused with the reason; a social worker
        # there fits, and pinning them shows as an accepted offer.
        # The pages re-render on every pushed change: elements are found by their data attributes at each step.
        drag = """
            const [from, to] = arguments;
            const source = document.querySelector(from), target = document.querySelector(to);
            const data = new DataTransfer();
            source.dispatchEvent(new DragEvent('dragstart', {bubbles: true, dataTransfer: data}));
            target.dispatchEvent(new DragEvent('dragover', {bubbles: true, cancelable: true, dataTransfer: data}));
            target.dispatchEvent(new DragEvent('drop', {bubbles: true, cancelable: true, dataTransfer: data}));"""
        people_of_role = """return [...document.querySelectorAll('#people tr[data-person]')]
            .filter(r => r.cells[1].textContent === arguments[0]).map(r => r.dataset.person)"""
        duty_task, duty_seat = coordinator.execute_script(
            "const c = [...document.querySelectorAll('#calendar .chip')].find(c => c.textContent.includes('社工站值班'));"
            "return [c.dataset.task, c.dataset.seat]")
        duty = f"#calendar .chip[data-task='{duty_task}'][data-seat='{duty_seat}']"
        volunteer_id = coordinator.execute_script(people_of_role, "volunteer")[0]
        coordinator.execute_script(drag, f"#people tr[data-person='{volunteer_id}']", duty)
        breaks = wait(coordinator).until(lambda d: d.execute_script(
            "const a = document.getElementById('assessment'); return a && [a.dataset.breaks, a.textContent]"))
        check("dropping a volunteer on a social worker's seat says at once which rule it breaks",
              breaks[0].startswith("eligibility:role"), breaks)
        shot(coordinator, "10-drop-refused")
        holders = set(coordinator.execute_script(
            f"return [...document.querySelectorAll(\"#offer-table tr[data-task='{duty_task}']\")].map(r => r.dataset.person)"))
        pinned_person = next(p for p in coordinator.execute_script(people_of_role, "socialWorker") if p not in holders)
        coordinator.execute_script(drag, f"#people tr[data-person='{pinned_person}']", duty)
        wait(coordinator).until(lambda d: d.find_elements(By.ID, "pin"))
        verdict = coordinator.execute_script("const a = document.getElementById('assessment'); return [a.dataset.breaks, a.textContent]")
        check("dropping a social worker there gives the score change and any broken rule",
              not verdict[0].startswith("eligibility") and "score change" in verdict[1], verdict)
        coordinator.find_element(By.ID, "pin").click()
        wait(coordinator, 30).until(lambda d: d.find_elements(
            By.CSS_SELECTOR, f"#offer-table tr[data-task='{duty_task}'][data-person='{pinned_person}'][data-status='accepted']"))
        check("pinning shows the person accepted on that seat", True)
        settled = wait(coordinator, 30).until(lambda d: d.find_element(By.ID, "score").text.startswith("0 /")
                                              and d.find_element(By.ID, "version-title").text)
        check("the week is re-planned around the pin with no hard rule broken", settled, coordinator.find_element(By.ID, "score").text)
        shot(coordinator, "11-pinned")

        coordinator.execute_script("window.scrollTo(0, 0)")
        title = coordinator.find_element(By.CSS_SELECTOR, "header h1").text
        coordinator.find_element(By.ID, "language").click()
        switched = coordinator.find_element(By.CSS_SELECTOR, "header h1").text
        check("the zh/en switch changes the page's language", title != switched and switched in ("Coordinator console", "协调员工作台"),
              (title, switched))
        shot(coordinator, "12-language-switched")

        # Stored markup stays text: a person's name and a task's title that are HTML reach the console as text, and
        # nothing in them runs (the pages escape every value, and the CSP forbids inline script anyway).
        org, week = coordinator.execute_script("return [document.getElementById('org').value, document.getElementById('week').value]")
        coordinator_token = server.login("coordinator", "tandem-demo")
        hostile_name, hostile_title = '<img src=x onerror="window.__xss=1">', '<img src=x onerror="window.__xss=2"><script>window.__xss=3</script>'
        status, _ = server.http("PUT", f"/api/orgs/{org}/people", [{"id": "xss-person", "name": hostile_name, "role": "volunteer"}], coordinator_token)
        day = time.strftime("%Y-%m-%d", time.gmtime(time.mktime(time.strptime(week, "%Y-%m-%d")) + 2 * 86400 + 43200))
        task = {"id": "xss-task", "kind": "homeVisit", "title": hostile_title, "site": {"lat": 30.64, "lon": 104.04, "name": hostile_name},
                "start": f"{day}T09:00", "end": f"{day}T10:00", "seats": [{"role": "volunteer", "count": 1}]}
        status_task, _ = server.http("PUT", f"/api/orgs/{org}/tasks", [task], coordinator_token)
        check("a name and a title holding markup are stored (text is allowed)", status == 200 and status_task == 200, (status, status_task))
        coordinator.refresh()
        wait(coordinator).until(lambda d: "xss-person" in d.execute_script(
            "return [...document.querySelectorAll('#people tr[data-person]')].map(r => r.dataset.person).join(' ')"))
        wait(coordinator).until(lambda d: "window.__xss=2" in d.find_element(By.ID, "needs").text)
        found = coordinator.execute_script(
            "return [window.__xss === undefined, document.querySelectorAll('#people img, #needs img, #calendar img, script:not([src])').length,"
            " document.getElementById('people').textContent.includes('<img src=x'), document.getElementById('needs').textContent.includes('<script>')]")
        check("the markup shows as text and nothing in it runs", found == [True, 0, True, True], found)
        shot(coordinator, "11b-markup-as-text")

        # Export downloads the shown version's CSV with the session (a plain link would carry no token).
        coordinator.execute_script("window.scrollTo(0, 0)")
        coordinator.find_element(By.ID, "export").click()
        files = wait(coordinator).until(lambda d: [f for f in os.listdir(downloads) if f.endswith(".csv")])
        with open(os.path.join(downloads, files[0]), encoding="utf-8-sig") as exported:
            lines = exported.read().strip().splitlines()
        shown = coordinator.execute_script("return document.getElementById('version-title').textContent").split("#")[-1]
        _, version = server.http("GET", f"/api/versions/{shown}", None, token)
        check("Export CSV downloads the version, a row per seat", len(lines) - 1 == len(version["schedule"]["explanations"]) > 50,
              (files, len(lines), len(version["schedule"]["explanations"])))

        # A week that is not a Monday moves to its Monday, and the page says so.
        coordinator.execute_script("const w = document.getElementById('week'); w.value = '2026-12-03';"
                                   "w.dispatchEvent(new Event('change'))")
        snapped = wait(coordinator).until(lambda d: d.execute_script(
            "const m = document.getElementById('message'); return !m.hidden && [document.getElementById('week').value, m.textContent]"))
        check("a Thursday picked is snapped to its Monday, and said", snapped[0] == "2026-11-30" and "2026-11-30" in snapped[1], snapped)

        # A community's coordinator sees the seats of the community that the street's schedule staffs, with who and why.
        status, _ = server.http("POST", "/api/users", {"username": "coord-fangcao", "role": "coordinator", "orgUnit": "fangcao",
                                                       "password": "fangcao-coordinator"}, token)
        community = browser()
        community.get(base + "/")
        wait(community).until(EC.visibility_of_element_located((By.ID, "login")))
        community.find_element(By.ID, "username").send_keys("coord-fangcao")
        community.find_element(By.ID, "password").send_keys("fangcao-coordinator")
        community.find_element(By.CSS_SELECTOR, "#login button[type=submit]").click()
        held = wait(community).until(lambda d: d.find_elements(By.CSS_SELECTOR, "#held tr[data-held]"))
        rows = community.execute_script("return [...document.querySelectorAll('#held tr[data-held]')].map(r => "
                                        "[r.dataset.unit, r.cells[2].textContent, r.querySelector('.why').textContent])")
        check("a community coordinator sees the seats the street staffs there, with who and why",
              status == 201 and len(rows) > 10 and all(u == "yulin" and who and why for u, who, why in rows), (status, rows[:3]))
        community.execute_script("document.getElementById('held').scrollIntoView()")
        shot(community, "15-community-held-seats")
        community.quit()

        # Phone width: neither page scrolls sideways as a whole (wide tables scroll inside their own box).
        for driver, name in ((volunteer, "13-volunteer-phone"), (coordinator, "14-console-phone")):
            driver.set_window_size(390, 844)
            driver.execute_script("window.scrollTo(0, 0)")
            time.sleep(0.3)
            width = driver.execute_script("return [document.documentElement.scrollWidth, window.innerWidth]")
            check(f"{name.split('-', 1)[1]}: usable at phone width (no sideways scrolling)", width[0] <= width[1] + 1, width)
            shot(driver, name)
    finally:
        for driver in (coordinator, volunteer):
            if driver:
                driver.quit()
        server.kill()


if __name__ == "__main__":
    check.run(scenario)
