"""Opens a triage HTML report in headless Chromium (Debian's chromium and chromium-driver, driven
by Selenium from PyPI) and checks what a reader sees: the verdict, the root cause, the decision
graph drawn as SVG, the copy buttons working from the keyboard, no console error, no network
fetch, and both colour schemes; screenshots go to a build folder."""
import os

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.common.exceptions import TimeoutException
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait


def browser():
    options = webdriver.ChromeOptions()
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                     "--window-size=1280,900", "--no-first-run", "--disable-extensions"):
        options.add_argument(argument)
    options.binary_location = "/usr/bin/chromium"
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    return webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)


def luminance(css_color):
    """The relative brightness (0..1) of an rgb()/rgba() computed colour."""
    parts = css_color[css_color.index("(") + 1:css_color.index(")")].split(",")
    red, green, blue = (float(part) / 255 for part in parts[:3])
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def check(driver, url, status, cause, screenshot_base, failures):
    """Checks the report at `url`; appends a message to `failures` for each thing that is wrong."""
    def expect(condition, message):
        if not condition:
            failures.append(f"{url}: {message}")

    driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": [{"name": "prefers-color-scheme", "value": "light"}]})
    driver.get(url)
    shown = driver.find_element(By.ID, "status").text
    expect(shown == status.upper(), f"status shows {shown!r}, expected {status.upper()!r}")
    expect(status.upper() in driver.title, f"title {driver.title!r} lacks the status")
    headline = driver.find_element(By.ID, "headline").text
    if cause:
        expect(f"[{cause}]" in headline, f"headline {headline!r} does not name {cause}")
        expect(driver.find_elements(By.CSS_SELECTOR, f"article.cause[data-cause='{cause}']"),
               f"no section for the cause {cause}")
    svg = driver.find_elements(By.CSS_SELECTOR, "svg.graph")
    expect(len(svg) == 1, f"{len(svg)} decision graphs, expected 1")
    if svg:
        nodes = driver.find_elements(By.CSS_SELECTOR, "svg.graph g.node")
        edges = driver.find_elements(By.CSS_SELECTOR, "svg.graph path.edge")
        expect(len(nodes) >= 2, f"the graph has {len(nodes)} nodes")
        if cause:
            expect(len(edges) >= 2, f"the graph has {len(edges)} edges")
            expect(driver.find_elements(By.CSS_SELECTOR, f"svg.graph g.node.root[data-id='cause:{cause}']"),
                   f"the graph does not mark {cause} as the root cause")
        box = svg[0].rect
        expect(box["width"] > 100 and box["height"] > 20, f"the graph is not drawn ({box})")
    buttons = driver.find_elements(By.CSS_SELECTOR, "button.copy")
    if cause:
        expect(buttons, "no copy button for the remediation commands")
    if buttons:
        driver.execute_script("arguments[0].scrollIntoView(); arguments[0].focus();", buttons[0])
        buttons[0].send_keys(Keys.ENTER)
        try:  # the clipboard answers asynchronously
            WebDriverWait(driver, 3).until(lambda _: buttons[0].text != "Copy")
        except TimeoutException:
            pass
        label = buttons[0].text
        expect(label in ("Copied", "Select and copy"), f"the copy button says {label!r} after Enter")
    fetched = driver.execute_script("return performance.getEntriesByType('resource').map(e => e.name)")
    expect(not fetched, f"the page fetched {fetched}")
    light = luminance(driver.execute_script("return getComputedStyle(document.body).backgroundColor"))
    height = driver.execute_script("return document.documentElement.scrollHeight")
    driver.set_window_size(1280, min(max(height + 100, 900), 8000))
    driver.execute_script("window.scrollTo(0, 0)")
    driver.save_screenshot(screenshot_base + "-light.png")
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": [{"name": "prefers-color-scheme", "value": "dark"}]})
    dark = luminance(driver.execute_script("return getComputedStyle(document.body).backgroundColor"))
    expect(light > 0.8 and dark < 0.2, f"background brightness light {light:.2f}, dark {dark:.2f}")
    driver.save_screenshot(screenshot_base + "-dark.png")
    driver.set_window_size(1280, 900)
    errors = [entry for entry in driver.get_log("browser") if entry.get("level") == "SEVERE"]
    expect(not errors, f"console errors: {errors}")
    return os.path.exists(screenshot_base + "-light.png")
