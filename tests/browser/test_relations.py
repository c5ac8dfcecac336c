"""What a file's ties are, chosen in the browser, and a second file added as a layer: a panel of disputes
reads as disputes, and ATOP with a dispute layer lists side switches between adversaries."""

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from tests.conftest import ATOP, need
from tests.unit.test_panel import MID_HEADER
from tests.unit.test_relations import DISPUTES

#: A dyad-year panel whose header and name say nothing of conflict: the user says what it holds.
PAIRS = "statea,stateb,year\n390,365,2014\n366,365,2014\n731,732,1999\n731,732,2000\n"


def choose_kind(atlas, label: str) -> None:
    Select(atlas.driver.find_element(By.ID, "upload-kind")).select_by_visible_text(label)


def test_a_panel_chosen_as_hostile_reads_as_disputes(atlas, app, csv_file):
    atlas.open(app, "?dataset=korea")
    atlas.driver.find_element(By.CSS_SELECTOR, "#upload input[type=file]").send_keys(str(csv_file("pairs.csv", PAIRS)))
    atlas.duo.wait_for_contains_text("#upload-alert", "Loaded pairs.csv: 5 countries, 3 ties")
    atlas.wait_until(lambda: "Alliances" in atlas.figure("network-graph")["title"], message="the panel as alliances")
    ticked = ("return [...document.querySelectorAll('#step input')].filter(i => i.checked)"
              ".map(i => i.labels[0].textContent);")
    atlas.wait_until(lambda: atlas.driver.execute_script(ticked) == ["Year"], message="a yearly panel's toggle on Year")

    choose_kind(atlas, "Ties: hostile")
    atlas.duo.wait_for_contains_text("#upload-alert", "Loaded pairs.csv as hostile ties (disputes)")
    atlas.wait_until(lambda: atlas.figure("network-graph")["title"].startswith("<b>Disputes, "),
                     message="the network titled for disputes")
    atlas.wait_until(lambda: "Disputes begun and ended" in atlas.figure("timeline-graph")["title"],
                     message="the timeline titled for disputes")
    atlas.wait_until(lambda: "kind=hostile" in atlas.driver.current_url, message="the kind in the link")
    names = {trace["name"] for trace in atlas.figure("timeline-graph")["data"]}
    assert {"disputes begun", "disputes ended", "pairs in dispute"} <= names and "allies gained" not in names
    atlas.go_to("2014")
    atlas.wait_until(lambda: "2 disputes begun, 0 ended" in atlas.changes_text(), message="What changed, in disputes")
    assert "allies" not in atlas.changes_text()
    atlas.screenshot("upload-chosen-hostile")


def test_a_dispute_file_added_as_a_layer_of_atop_lists_switches_between_adversaries(atlas, csv_file):
    from app import create_app

    atlas.open(create_app(need(ATOP)), "?step=year&date=1948")
    straits = "9001,1,640,TUR,365,RUS,7,8,1946,-9,12,1953,5,1,0,7,3,0,1946"
    layer = csv_file("dyadic_mid_4.02.csv", "\n".join([MID_HEADER, *DISPUTES, straits]))
    atlas.driver.find_element(By.CSS_SELECTOR, "#layer-upload input[type=file]").send_keys(str(layer))
    atlas.duo.wait_for_contains_text("#upload-alert", "Added dyadic_mid_4.02.csv as a layer of hostile ties (disputes)",
                                     timeout=30)
    atlas.wait_until(lambda: atlas.figure("network-graph")["title"].startswith("<b>Alliances and disputes, 1948"),
                     timeout=30, message="both layers drawn")
    legend = {trace["name"] for trace in atlas.figure("network-graph")["data"]}
    assert {"Defense", "Dispute"} <= legend, legend
    switch = atlas.driver.find_element(By.ID, "layer-switches")
    assert "dyadic_mid_4.02.csv (hostile ties (disputes))" in switch.text
    atlas.wait_until(lambda: "Hungary" in atlas.driver.find_element(By.ID, "switches").text, timeout=30,
                     message="Hungary's switch from Turkey to the Soviet Union listed")
    assert "layers=hostile" in atlas.driver.current_url
    atlas.screenshot("atop-with-dispute-layer")

    switch.find_element(By.CSS_SELECTOR, "input").click()
    atlas.wait_until(lambda: atlas.figure("network-graph")["title"].startswith("<b>Alliances, 1948"), timeout=30,
                     message="the layer switched off")
    assert "layers=" not in atlas.driver.current_url
