"""The seed story, as a new user finds it: focus North Korea and step through 2024-2025."""

from selenium.webdriver.common.by import By


def lost_bar(atlas, label: str) -> float:
    timeline = atlas.figure("timeline-graph")
    lost = next(t for t in timeline["data"] if t["name"] == "ties lost")
    index = next(i for i, x in enumerate(lost["x"]) if str(x).startswith(label))
    return lost["y"][index]


def test_north_korea_loses_syria_and_keeps_russia_then_syria_turns_to_the_south(atlas, app):
    atlas.open(app)
    atlas.focus("North Korea")
    atlas.go_to("2024-02")
    assert atlas.ties_with("Syria") and atlas.ties_with("Russia")
    atlas.screenshot("story-1-north-korea-2024-02")

    atlas.go_to("2024-12")
    atlas.wait_until(lambda: "Syria" in atlas.changes_text(), message="Syria in 'What changed'")
    changes = atlas.changes_text()
    assert "gained" in changes and "lost" in changes
    lost_rows = [row.text for row in atlas.driver.find_elements(By.CSS_SELECTOR, ".change-item")
                 if row.find_element(By.CSS_SELECTOR, ".change-sign").text == "−"]
    assert any("Syria" in row for row in lost_rows)
    assert lost_bar(atlas, "2024-12") <= -1
    network = atlas.figure("network-graph")
    assert "2024-12" in network["title"]
    assert any(len(t["x"]) for t in network["data"] if t["name"] == "lost this month")
    atlas.screenshot("story-2-north-korea-2024-12")

    atlas.go_to("2025-03")
    assert atlas.ties_with("Russia"), "the Russian partnership is in force in 2025"

    atlas.focus("South Korea")
    atlas.go_to("2025-04")
    atlas.wait_until(lambda: "Syria" in atlas.changes_text(), message="Syria gained by South Korea")
    gained_rows = [row.text for row in atlas.driver.find_elements(By.CSS_SELECTOR, ".change-item")
                   if row.find_element(By.CSS_SELECTOR, ".change-sign").text == "+"]
    assert any("Syria" in row for row in gained_rows)
    atlas.screenshot("story-3-south-korea-2025-04")
