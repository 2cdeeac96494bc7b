"""Full tables, and the JupyterLab command the README and tests share (widget display:
tests/test_widget_convention.py)."""

from asean_tip_course.launch import REPO, START_NOTEBOOK, lab_argv


def test_lab_command_serves_the_course_on_loopback():
    argv = lab_argv(port=8123, token="t0k", open_browser=False)
    assert argv[1:3] == ["-m", "jupyterlab"]
    assert f"--ServerApp.root_dir={REPO}" in argv
    assert "--ServerApp.ip=127.0.0.1" in argv
    assert "--ServerApp.port=8123" in argv and "--IdentityProvider.token=t0k" in argv
    assert "--no-browser" in argv
    # JupyterLab prints, opens and redirects `/` to the start notebook, not the launcher.
    assert f"--LabApp.default_url=/lab/tree/{START_NOTEBOOK}" in argv
    assert (REPO / START_NOTEBOOK).exists()


def test_lab_command_lets_jupyter_choose_a_token_by_default():
    argv = lab_argv()
    assert not any(a.startswith("--IdentityProvider.token") for a in argv)
    assert "--no-browser" not in argv


def test_lab_settings_silence_news_and_update_popups():
    import json

    from asean_tip_course.launch import LAB_SETTINGS

    argv = lab_argv()
    assert f"--LabApp.app_settings_dir={LAB_SETTINGS}" in argv
    overrides = json.loads((LAB_SETTINGS / "overrides.json").read_text())
    notification = overrides["@jupyterlab/apputils-extension:notification"]
    assert notification == {"fetchNews": "false", "checkForUpdates": False}
    # Every cell stays drawn: widgets far down a chapter do not vanish and redraw on scroll.
    assert overrides["@jupyterlab/notebook-extension:tracker"] == {"windowingMode": "none"}


def test_lab_command_can_serve_another_folder(tmp_path):
    argv = lab_argv(root_dir=tmp_path)
    assert f"--ServerApp.root_dir={tmp_path}" in argv
    assert sum(a.startswith("--ServerApp.root_dir=") for a in argv) == 1


def test_table_shows_long_text_in_full_and_missing_as_missing():
    import pandas as pd

    from asean_tip_course.display import full_table

    long_text = "word " * 40
    frame = pd.DataFrame({"explanation": [long_text.strip()], "page": [pd.NA]})
    shown = full_table(frame)
    assert long_text.strip() in shown._repr_html_() and "..." not in shown._repr_html_()
    assert "(missing)" in shown._repr_html_() and "(missing)" in repr(shown)
    assert "text-align: left" in shown._repr_html_()
