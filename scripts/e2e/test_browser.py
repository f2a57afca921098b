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
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

from tandem_client import Checks, Server

check = Checks("e2e-browser")
SHOTS = os.path.join("artifacts", "browser")


def browser():
    options = webdriver.ChromeOptions()
    for flag in ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--ignore-certificate-errors",
                 "--window-size=1280,900", "--lang=zh-CN", "--autoplay-policy=no-user-gesture-required"]:
        options.add_argument(flag)
    binary = shutil.which("chromium") or shutil.which("chromium-browser")
    if binary:
        options.binary_location = binary
    driver_path = shutil.which("chromedriver") or "/usr/bin/chromedriver"
    return webdriver.Chrome(service=ChromeService(driver_path), options=options)


def shot(driver, name):
    driver.save_screenshot(os.path.join(SHOTS, name + ".png"))


def wait(driver, seconds=30):
    return WebDriverWait(driver, seconds, poll_frequency=0.2)


async def scenario(binary):
    os.makedirs(SHOTS, exist_ok=True)
    data = tempfile.mkdtemp(prefix="tandem-browser-")
    server = Server(binary, data, command="demo", extra=["--no-publish", "--seconds", "3"]).start()
    coordinator = volunteer = None
    try:
        base = f"https://localhost:{server.port}"
        invitations = [m.group(1) for line in server.log for m in [re.search(r"volunteer.html#invite=(\S+)", line)] if m]
        check("the demo prints volunteer invitation links", len(invitations) == 3, server.log)

        coordinator = browser()
        coordinator.get(base + "/")
        first_paint = coordinator.execute_script(
            "const p = performance.getEntriesByName('first-contentful-paint')[0] || performance.getEntriesByType('paint')[0];"
            "return p ? p.startTime : null;")
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

        offer = volunteer.find_elements(By.CSS_SELECTOR, "li.offer.offered")[0]
        offer_id, task = offer.get_attribute("data-offer"), offer.get_attribute("data-task")
        offer.find_element(By.CSS_SELECTOR, "button.decline").click()
        wait(volunteer).until(lambda d: d.find_elements(By.CSS_SELECTOR, f"li.offer.declined[data-offer='{offer_id}']"))
        shot(volunteer, "08-volunteer-declined")
        check("the volunteer declines on the page", True)

        started = time.time()
        wait(coordinator, 20).until(lambda d: d.find_elements(By.CSS_SELECTOR, f"#offer-table tr[data-offer='{offer_id}'][data-status='declined']"))
        check("the coordinator's page shows the decline live", True, time.time() - started)
        replanned = wait(coordinator, 30).until(lambda d: [r for r in d.find_elements(By.CSS_SELECTOR, f"#offer-table tr[data-task='{task}']")
                                                        if r.get_attribute("data-status") == "offered"
                                                        and r.get_attribute("data-offer") != offer_id])
        check("the re-planned offer to someone else appears within seconds", replanned and time.time() - started < 30,
              time.time() - started)
        shot(coordinator, "09-replanned")

        # Drag people onto seats: a volunteer onto a social worker's duty is refused with the reason; a social worker
        # there fits, and pinning them shows as an accepted offer.
        drag = """
            const [source, target] = arguments;
            const data = new DataTransfer();
            source.dispatchEvent(new DragEvent('dragstart', {bubbles: true, dataTransfer: data}));
            target.dispatchEvent(new DragEvent('dragover', {bubbles: true, cancelable: true, dataTransfer: data}));
            target.dispatchEvent(new DragEvent('drop', {bubbles: true, cancelable: true, dataTransfer: data}));"""
        duty = next(c for c in coordinator.find_elements(By.CSS_SELECTOR, "#calendar .chip") if "社工站值班" in c.text)
        duty_task = duty.get_attribute("data-task")
        volunteer_row = coordinator.find_element(By.XPATH, "//table[@id='people']//tr[td[1]='volunteer']")
        coordinator.execute_script(drag, volunteer_row, duty)
        verdict = wait(coordinator).until(lambda d: d.find_elements(By.CSS_SELECTOR, "#assessment"))[0]
        check("dropping a volunteer on a social worker's seat says at once which rule it breaks",
              verdict.get_attribute("data-breaks").startswith("eligibility:role"), verdict.text)
        shot(coordinator, "10-drop-refused")
        holders = {o.get_attribute("data-person") for o in coordinator.find_elements(By.CSS_SELECTOR, f"#offer-table tr[data-task='{duty_task}']")}
        social_row = next(r for r in coordinator.find_elements(By.XPATH, "//table[@id='people']//tr[td[1]='socialWorker']")
                          if r.get_attribute("data-person") not in holders)
        pinned_person = social_row.get_attribute("data-person")
        coordinator.execute_script(drag, social_row, duty)
        wait(coordinator).until(lambda d: d.find_elements(By.ID, "pin"))
        verdict = coordinator.find_element(By.ID, "assessment")
        check("dropping a social worker there gives the score change and any broken rule",
              not verdict.get_attribute("data-breaks").startswith("eligibility") and "score change" in verdict.text, verdict.text)
        coordinator.find_element(By.ID, "pin").click()
        wait(coordinator, 30).until(lambda d: d.find_elements(
            By.CSS_SELECTOR, f"#offer-table tr[data-task='{duty_task}'][data-person='{pinned_person}'][data-status='accepted']"))
        check("pinning shows the person accepted on that seat", True)
        shot(coordinator, "11-pinned")

        coordinator.execute_script("window.scrollTo(0, 0)")
        title = coordinator.find_element(By.CSS_SELECTOR, "header h1").text
        coordinator.find_element(By.ID, "language").click()
        switched = coordinator.find_element(By.CSS_SELECTOR, "header h1").text
        check("the zh/en switch changes the page's language", title != switched and switched in ("Coordinator console", "协调员工作台"),
              (title, switched))
        shot(coordinator, "12-language-switched")
    finally:
        for driver in (coordinator, volunteer):
            if driver:
                driver.quit()
        server.kill()


if __name__ == "__main__":
    check.run(scenario)
