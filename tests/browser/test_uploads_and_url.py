"""Uploads (good, bad, two sessions apart) and the view in the URL."""


from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.common.by import By


GOOD = """
source,target,start,end,type,label
France,Germany,1963-01-22,,consultation,Élysée Treaty
France,United Kingdom,1904-04-08,,entente,Entente cordiale
"""
OTHER = """
from,to,begin,until,kind
Brazil,Argentina,1991,,consultation
"""


def upload(driver, path):
    driver.find_element(By.CSS_SELECTOR, "#upload input[type=file]").send_keys(str(path))


def dataset_label(driver) -> str:
    return driver.find_element(By.ID, "dataset").text


def test_good_upload_replaces_the_view_and_a_bad_one_keeps_it(atlas, app, csv_file):
    atlas.open(app, "?dataset=korea")
    upload(atlas.driver, csv_file("france.csv", GOOD))
    atlas.duo.wait_for_contains_text("#upload-alert", "Loaded france.csv: 3 countries, 2 ties")
    atlas.wait_until(lambda: "Uploaded: france.csv" in dataset_label(atlas.driver), message="the upload to be chosen")
    atlas.wait_until(lambda: "France" in atlas.table_text(), message="the uploaded ties")
    assert "Entente" in atlas.table_text(), "a new dataset shows all its tie types"
    assert atlas.label() == "1963-12"
    title = atlas.figure("network-graph")["title"]

    upload(atlas.driver, csv_file("broken.csv", "source,target,start\nFrance,Narnia,1950\n"))
    atlas.duo.wait_for_contains_text("#upload-alert", "Not loaded: broken.csv, column target: unknown country 'Narnia'")
    atlas.settle()  # nothing on its way replaces the view
    assert "Uploaded: france.csv" in dataset_label(atlas.driver)
    assert atlas.figure("network-graph")["title"] == title
    assert "France" in atlas.table_text()
    atlas.screenshot("upload-bad-file")


def test_two_sessions_keep_their_own_uploads(atlas, app, csv_file):
    atlas.open(app, "?dataset=korea")
    options = Options()
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1440,1000"):
        options.add_argument(argument)
    other = webdriver.Chrome(options=options)
    try:
        upload(atlas.driver, csv_file("france.csv", GOOD))
        other.get(atlas.duo.server_url)
        atlas.wait_until(lambda: other.find_elements(By.CSS_SELECTOR, "#upload input[type=file]"), message="page")
        upload(other, csv_file("brazil.csv", OTHER))
        atlas.wait_until(lambda: "france.csv" in dataset_label(atlas.driver), message="session 1 upload")
        atlas.wait_until(lambda: "brazil.csv" in dataset_label(other), message="session 2 upload")
        atlas.wait_until(lambda: "Argentina" in other.find_element(By.ID, "ties-table").text, message="session 2 data")
        assert "Argentina" not in atlas.table_text() and "France" in atlas.table_text()
        assert "France" not in other.find_element(By.ID, "ties-table").text
        # a link to "the upload" opened elsewhere shows that browser's own upload, never another's
        other.get(atlas.duo.server_url + "/?dataset=upload")
        atlas.wait_until(lambda: "Argentina" in other.find_element(By.ID, "ties-table").text, message="own upload")
    finally:
        other.quit()


def test_a_link_to_an_upload_opened_in_a_session_without_one_says_why(atlas, app):
    atlas.open(app, "?dataset=upload&focus=FRA")
    atlas.duo.wait_for_contains_text("#notice", "This link shows a file uploaded in another browser session")
    assert "expired" not in atlas.driver.find_element(By.ID, "notice").text
    assert atlas.figure("network-graph")["title"], "the default data instead of a blank page"


def test_url_restores_the_view_and_play_does_not_fill_history(atlas, app):
    atlas.open(app, "?focus=PRK&date=2024-12&layout=circle&types=defense,rivalry,diplomatic")
    atlas.wait_for_label("2024-12")
    atlas.wait_until(lambda: "North Korea" in atlas.figure("network-graph")["title"], message="focus restored")
    assert "Consultation" not in atlas.table_text()
    assert atlas.figure("network-graph")["data"][0]["type"] == "scatter"
    atlas.settle()
    history = atlas.driver.execute_script("return window.history.length")
    atlas.driver.find_element(By.ID, "speed").send_keys("10 fps")
    atlas.driver.find_element(By.ID, "play").click()
    atlas.wait_for_label("2025-12", timeout=20)
    atlas.duo.wait_for_text_to_equal("#play", "▶ Play")
    atlas.wait_until(lambda: "date=2025-12" in atlas.driver.current_url, message="the URL written when Play stops")
    assert atlas.driver.execute_script("return window.history.length") == history
    link = atlas.driver.current_url
    assert "focus=PRK" in link and "layout=circle" in link and "types=" in link

    atlas.driver.get(link)
    atlas.wait_for_label("2025-12")
    atlas.wait_until(lambda: "North Korea" in atlas.figure("network-graph")["title"], message="round trip")


def test_a_link_to_an_unknown_dataset_opens_the_default_with_a_notice(atlas, app):
    atlas.open(app, "?dataset=nowhere&date=1990")
    atlas.duo.wait_for_contains_text("#notice", "no dataset called 'nowhere'")
    atlas.wait_for_label("1990-01")


def test_minimum_weight_appears_for_weighted_data_and_hides_light_ties(atlas, app, csv_file):
    from selenium.webdriver.common.keys import Keys

    atlas.open(app, "?dataset=korea")
    assert not atlas.driver.find_element(By.ID, "min-weight-row").is_displayed()
    upload(atlas.driver, csv_file("weighted.csv", "source,target,start,weight\nFrance,Germany,1963,9\nFrance,Italy,1963,1\n"))
    atlas.wait_until(lambda: "Italy" in atlas.table_text(), message="the weighted upload")
    assert atlas.driver.find_element(By.ID, "min-weight-row").is_displayed()
    atlas.driver.find_element(By.CSS_SELECTOR, "#min-weight [role='slider']").send_keys(Keys.END)
    atlas.wait_until(lambda: "Italy" not in atlas.table_text(), message="the light tie to go")
    assert "Germany" in atlas.table_text()


def test_an_upload_the_server_no_longer_has_says_so(atlas, app, csv_file):
    atlas.open(app, "?dataset=korea")
    upload(atlas.driver, csv_file("france.csv", GOOD))
    atlas.wait_until(lambda: "France" in atlas.table_text(), message="the upload")
    atlas.driver.execute_script(
        "const key = Object.keys(sessionStorage).find(k => k === 'upload-session');"
        "const value = JSON.parse(sessionStorage.getItem(key)); value.token = 'expired';"
        "sessionStorage.setItem(key, JSON.stringify(value));")
    atlas.driver.refresh()
    atlas.duo.wait_for_contains_text("#notice", "no longer on the server")


def network_source(driver) -> str:
    return driver.execute_script("const gd = document.querySelector('#network-graph .js-plotly-plot');"
                                 "return gd.layout.annotations.map(a => a.text).join(' ');")


def test_a_second_upload_replaces_the_first_in_the_network(atlas, app, csv_file):
    atlas.open(app, "?dataset=korea")
    upload(atlas.driver, csv_file("france.csv", GOOD))
    atlas.wait_until(lambda: "france.csv" in network_source(atlas.driver), message="the first upload drawn")
    upload(atlas.driver, csv_file("brazil.csv", OTHER))
    atlas.wait_until(lambda: "brazil.csv" in network_source(atlas.driver), message="the second upload's source line")
    names = atlas.driver.execute_script("const gd = document.querySelector('#network-graph .js-plotly-plot');"
                                        "return gd._fullData.find(t => t.name === 'states').text;")
    assert "France" not in names and "Brazil" in names
