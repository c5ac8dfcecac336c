"""The seed story, as a new user finds it: focus North Korea and step through 2024-2025."""

from selenium.webdriver.common.by import By

from tests.browser.test_screen import assert_no_serious_violation


def bar(atlas, name: str, label: str) -> float:
    timeline = atlas.figure("timeline-graph")
    series = next(t for t in timeline["data"] if t["name"] == name)
    index = next(i for i, x in enumerate(series["x"]) if str(x).startswith(label))
    return series["y"][index]


def entries(atlas, panel: str) -> dict[str, str]:
    """The entries of a side panel list, by the name they start with."""
    items = atlas.driver.find_elements(By.CSS_SELECTOR, f"#{panel} .change-item")
    return {item.text.split("\n")[0].split(":")[0]: item.text for item in items}


def test_north_korea_loses_syria_and_keeps_russia_then_syria_turns_to_the_south(atlas, app):
    atlas.open(app, "?dataset=korea")
    atlas.focus("North Korea")
    atlas.go_to("2024-06")
    # the side panels follow the frame the steps settle on, after the network
    atlas.wait_until(lambda: "2024-06: " in atlas.changes_text(), message="2024-06's changes")
    atlas.wait_until(lambda: "Russia" in entries(atlas, "changes"), message="Russia in 'What changed'")
    assert "defense added to consultation (upgraded)" in entries(atlas, "changes")["Russia"]
    assert bar(atlas, "allies gained", "2024-06") == 0 and bar(atlas, "ties changed (same ally)", "2024-06") == 1
    atlas.screenshot("story-1-north-korea-2024-06")

    atlas.go_to("2024-12")
    atlas.wait_until(lambda: "2024-12: " in atlas.changes_text(), message="2024-12's changes")
    atlas.wait_until(lambda: "Syria" in entries(atlas, "changes"), message="Syria in 'What changed'")
    changed = entries(atlas, "changes")
    assert "0 allies gained, 1 lost, 1 changed" in atlas.changes_text()
    assert "lost (military cooperation)" in changed["Syria"] and "source:" in changed["Syria"]
    assert "defense continues" in changed["Russia"] and "lost" not in changed["Russia"].split("\n")[1]
    assert bar(atlas, "allies lost", "2024-12") == -1
    # the network and the side panels are drawn by separate requests: wait for the network's own frame
    atlas.wait_until(lambda: "2024-12" in atlas.figure("network-graph")["title"], message="the network at 2024-12")
    network = atlas.figure("network-graph")
    assert any(len(t["x"]) for t in network["data"] if t["name"] == "lost this month")
    assert atlas.ties_with("Russia"), "Russia stays allied"
    atlas.screenshot("story-2-north-korea-2024-12")

    atlas.go_to("2025-04")
    # North Korea's own ties do not change this month: its news is what its former ally did
    atlas.wait_until(lambda: atlas.changes_text().startswith(
        "Around North Korea\nSyria, North Korea's ally until 2024-12, opened relations with South Korea, its rival."),
        message="the news around North Korea first in 'What changed'")
    atlas.wait_until(lambda: "Syria" in entries(atlas, "switches"), message="the switch listed")
    assert "Syria: North Korea → South Korea (2024-12 → 2025-04)" in entries(atlas, "switches")["Syria"]
    atlas.wait_until(lambda: "2025-04" in atlas.figure("network-graph")["title"], message="the network at 2025-04")
    gained = next(t for t in atlas.figure("network-graph")["data"] if t["name"] == "gained this month")
    assert len(gained["x"]) >= 3, "Syria's new tie to South Korea is drawn, not greyed out"
    atlas.screenshot("story-3-north-korea-2025-04")

    atlas.focus("South Korea")
    atlas.wait_until(lambda: "Syria" in entries(atlas, "changes"), message="Syria gained by South Korea")
    assert "diplomatic relations began" in entries(atlas, "changes")["Syria"]


def test_clicking_a_side_switch_goes_there_and_focuses_the_state(atlas, app):
    atlas.open(app, "?dataset=korea")
    atlas.wait_until(lambda: "Syria" in entries(atlas, "switches"), message="the switches listed")
    atlas.driver.find_element(By.CSS_SELECTOR, "#switches .switch-button[id*='SYR']").click()
    atlas.wait_for_label("2025-04")
    atlas.wait_until(lambda: "Syria" in atlas.figure("network-graph")["title"], message="Syria focused")


def test_compare_2019_with_2025_lists_syria_as_lost(atlas, app):
    atlas.open(app, "?focus=PRK&date=2025-06")
    atlas.wait_for_label("2025-06")
    box = atlas.driver.find_element(By.ID, "compare")
    box.send_keys("2019-01\n")
    atlas.wait_until(lambda: "2019-01 → 2025-06" in atlas.figure("network-graph")["title"], message="compare mode")
    atlas.wait_until(lambda: "Syria" in entries(atlas, "changes"), message="Syria listed")
    assert "2019-01 → 2025-06:" in atlas.changes_text()
    assert "military cooperation" in entries(atlas, "changes")["Syria"]
    lost = next(t for t in atlas.figure("network-graph")["data"] if t["name"] == "only at the earlier date")
    assert len(lost["x"]) >= 3
    atlas.wait_until(lambda: "compare=2019-01" in atlas.driver.current_url, message="compare in the link")
    atlas.screenshot("story-4-compare-2019-2025")


def test_colour_by_bloc_and_rename_a_bloc(atlas, app):
    atlas.open(app, "?focus=PRK&date=2025-06&color=bloc")
    atlas.wait_until(lambda: any(t["name"] and "bloc (" in t["name"] for t in atlas.figure("network-graph")["data"]),
                     message="the blocs in the legend")
    atlas.wait_until(lambda: atlas.figure("bloc-chart")["title"], message="the bloc chart")
    atlas.driver.find_element(By.ID, "bloc-pick").click()
    option = atlas.duo.wait_for_element(".dash-dropdown-option")
    old_name = option.text
    option.click()
    atlas.driver.find_element(By.ID, "bloc-new-name").send_keys("Our camp")
    atlas.driver.find_element(By.ID, "bloc-rename").click()
    atlas.wait_until(lambda: "Our camp" in [t["name"] for t in atlas.figure("bloc-chart")["data"]],
                     message="the new name on the bloc chart")
    atlas.wait_until(lambda: "bloc_names=" in atlas.driver.current_url, message="the name in the link")
    assert old_name not in [t["name"] for t in atlas.figure("bloc-chart")["data"]]
    atlas.screenshot("story-5-blocs-renamed")


def test_a_first_visit_opens_on_the_story_and_a_returning_browser_on_its_last_view(atlas, app):
    """No link, no earlier visit: North Korea in April 2025, Syria's switch in the focus's news, and a line
    saying what the view shows. Back later without a link, the browser opens the view it left."""
    atlas.open(app, "", window=(1366, 768))
    assert atlas.label() == "2025-04"
    assert "North Korea" in atlas.figure("network-graph")["title"]
    notice = atlas.driver.find_element(By.ID, "notice").text
    assert "Syria" in notice and "South Korea" in notice and "Play" in notice
    atlas.wait_until(lambda: "Syria, North Korea's ally until 2024-12, opened relations with South Korea"
                     in atlas.changes_text(), message="Syria's switch in the focus's news")
    assert_no_serious_violation(atlas, "first visit")
    atlas.screenshot("story-first-visit-1366")
    atlas.click("step-back", times=4)
    atlas.wait_for_label("2024-12")
    atlas.wait_until(lambda: "date=2024-12" in atlas.driver.current_url, message="the link to follow the view")
    atlas.settle()
    atlas.driver.get(atlas.duo.server_url + "/")
    atlas.wait_until(lambda: atlas.label() == "2024-12" and "North Korea" in atlas.figure("network-graph")["title"],
                     message="the last view again")
    assert "date=2024-12" in atlas.driver.current_url and "focus=PRK" in atlas.driver.current_url
    assert not any("Assad" in notice.text for notice in atlas.driver.find_elements(By.ID, "notice")), \
        "no invitation the second time"


def tour_text(atlas) -> str:
    regions = atlas.driver.find_elements(By.CSS_SELECTOR, "[role='region'][aria-label='Tour']")
    return regions[0].text if regions and regions[0].is_displayed() else ""


def test_the_story_tour_shows_its_captions_and_steps_through_its_stops_with_the_keys(atlas, app):
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.keys import Keys

    atlas.open(app, "?tour=story", window=(1366, 768))
    assert atlas.label() == "1961-07" and "North Korea" in atlas.figure("network-graph")["title"]
    atlas.wait_until(lambda: "stop 1 of 6" in tour_text(atlas), message="the tour's first stop")
    assert "Soviet Union (6 July) and China (11 July)" in tour_text(atlas) and "source 2" in tour_text(atlas)
    assert_no_serious_violation(atlas, "tour")
    atlas.screenshot("tour-story-stop-1-1366")
    ActionChains(atlas.driver).send_keys(Keys.PAGE_DOWN).perform()
    atlas.wait_until(lambda: "stop 2 of 6" in tour_text(atlas) and atlas.label() == "1973-10", message="stop 2")
    ActionChains(atlas.driver).send_keys(Keys.PAGE_UP).perform()
    atlas.wait_until(lambda: "stop 1 of 6" in tour_text(atlas) and atlas.label() == "1961-07", message="back to stop 1")
    for _ in range(5):
        atlas.driver.find_element(By.ID, "tour-next").click()
        atlas.settle()
    atlas.wait_until(lambda: "stop 6 of 6" in tour_text(atlas) and atlas.label() == "2025-04", message="the last stop")
    assert "South Korea" in tour_text(atlas)
    assert atlas.driver.find_element(By.ID, "tour-next").get_attribute("disabled"), "no stop after the last"
    atlas.wait_until(lambda: "tour=story" in atlas.driver.current_url and "stop=6" in atlas.driver.current_url,
                     message="the link to keep the tour")
    atlas.screenshot("tour-story-stop-6-1366")
    ActionChains(atlas.driver).send_keys(Keys.ESCAPE).perform()
    atlas.wait_until(lambda: tour_text(atlas) == "", message="the tour closed")
    atlas.settle()
    assert atlas.label() == "2025-04" and "tour=" not in atlas.driver.current_url
