"""The API's and the web login's guards without a server: the login lockout and the rate
limit (on a test clock), API keys, password hashes and the login file, how OpenAI messages
become a question and its history, and who may listen beyond loopback."""

from __future__ import annotations

import stat

import pytest

from app.core.settings import Settings
from app.interfaces.api.common import KeyFileError, index_id, load_keys, server_url
from app.interfaces.api.errors import ApiError
from app.interfaces.api.guard import LoginThrottle, _has_secure
from app.interfaces.api.keys import KeyChecker, RateLimiter
from app.interfaces.api.passwords import LoginError, Logins, add_user, read_auth_file


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def fail(throttle: LoginThrottle, who: str) -> float:
    wait = throttle.begin(who)
    if wait == 0:
        throttle.end(who, ok=False)
    return wait


def test_login_lockout_starts_after_the_free_failures_and_doubles():
    clock = Clock()
    t = LoginThrottle(max_failures=3, lockout=10, clock=clock)
    assert [fail(t, "a") for _ in range(3)] == [0, 0, 0]
    assert t.begin("a") == pytest.approx(10)  # locked: not even checked
    assert t.begin("b") == 0  # another address is not
    t.end("b", ok=True)
    clock.now += 10
    assert fail(t, "a") == 0  # one more try after the lockout ...
    assert t.begin("a") == pytest.approx(20)  # ... and the next lockout is twice as long
    clock.now += 20
    assert t.begin("a") == 0
    t.end("a", ok=True)  # a success clears the address
    assert [fail(t, "a") for _ in range(3)] == [0, 0, 0]


def test_attempts_in_flight_count_so_a_burst_cannot_pass_the_limit():
    t = LoginThrottle(max_failures=3, lockout=60, clock=Clock())
    assert [t.begin("a") for _ in range(5)] == [0, 0, 0, 1.0, 1.0]


def test_lockout_is_capped_at_an_hour():
    clock = Clock()
    t = LoginThrottle(max_failures=1, lockout=60, clock=clock)
    for _ in range(12):
        clock.now += 4000
        fail(t, "a")
    assert t.begin("a") == pytest.approx(3600)


def test_rate_limit_is_a_sliding_minute_per_identity():
    clock = Clock()
    limiter = RateLimiter(limit=2, clock=clock)
    limiter.hit("k1")
    clock.now += 30
    limiter.hit("k1")
    limiter.hit("k2")
    with pytest.raises(ApiError) as err:
        limiter.hit("k1")
    assert err.value.status == 429 and err.value.headers["Retry-After"] == "30"
    clock.now += 30.5
    limiter.hit("k1")  # the first request left the window
    RateLimiter(limit=0).hit("anyone")  # 0: no limit


def test_keys_are_read_from_the_setting_and_the_file(tmp_path):
    keys_file = tmp_path / "keys"
    keys_file.write_text("# ops\nfile-key-0123456789ab\n\nshared-key-0123456789\n")
    s = Settings(api_keys="env-key-0123456789abc, shared-key-0123456789", api_keys_file=keys_file)
    assert load_keys(s) == [
        "env-key-0123456789abc",
        "shared-key-0123456789",
        "file-key-0123456789ab",
    ]
    with pytest.raises(KeyFileError, match="at least 16"):
        load_keys(Settings(api_keys="short"))
    with pytest.raises(KeyFileError, match="cannot read"):
        load_keys(Settings(api_keys_file=tmp_path / "missing"))


def test_key_checker_accepts_only_a_bearer_key():
    checker = KeyChecker(["first-key-0123456789", "second-key-0123456789"])
    assert checker.require("Bearer second-key-0123456789") == "key:1"
    assert checker.require("bearer  first-key-0123456789 ") == "key:0"
    for header in [None, "", "Bearer", "Basic first-key-0123456789", "Bearer first-key-012345678"]:
        with pytest.raises(ApiError) as err:
            checker.require(header)
        assert err.value.status == 401
    assert KeyChecker([]).require(None) == ""  # no keys: open (loopback only, see check_bind)


def test_add_user_stores_an_argon2_hash_readable_by_its_owner_only(tmp_path):
    path = tmp_path / "users"
    assert add_user(path, "ann", "first password") is True
    assert add_user(path, "bob", "bob's password") is True
    assert add_user(path, "ann", "second password") is False  # replaced, not duplicated
    entries = read_auth_file(path)
    assert list(entries) == ["ann", "bob"] and all(
        h.startswith("$argon2id$") for h in entries.values()
    )
    assert "password" not in path.read_text()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    logins = Logins(entries)
    assert logins.check("ann", "second password") and not logins.check("ann", "first password")
    assert not logins.check("carol", "second password") and not logins.check("ann", "")
    for bad in ["", "a:b", "a b"]:
        with pytest.raises(LoginError):
            add_user(path, bad, "pw")


def test_a_plain_password_in_the_login_file_is_refused(tmp_path):
    from app.interfaces.web.server import ServeError, credentials

    path = tmp_path / "users"
    path.write_text("ann:plain-text\n")
    with pytest.raises(
        ServeError, match="plain-text password; store a hash with `alliance-assistant add-user ann`"
    ):
        credentials(Settings(auth_file=path))
    assert credentials(Settings(auth="ann:from-env")) == [("ann", "from-env")]
    assert Logins({"ann": "from-env"}).check("ann", "from-env")


def test_listening_beyond_loopback_needs_a_login_and_api_keys():
    from app.interfaces.web.server import ServeError, check_bind

    check_bind("127.0.0.1", [], [])
    with pytest.raises(ServeError, match="without a login"):
        check_bind("0.0.0.0", [], ["k" * 16])
    with pytest.raises(ServeError, match="without API keys"):
        check_bind("0.0.0.0", [("ann", "pw")], [])
    check_bind("0.0.0.0", [("ann", "pw")], ["k" * 16])


def test_openai_messages_become_the_question_and_its_history():
    from app.interfaces.api.models import ChatMessage
    from app.interfaces.api.openai_compat import conversation

    msgs = [
        ChatMessage(role="system", content="Be brief."),
        ChatMessage(role="user", content="What is Sakana AI?"),
        ChatMessage(role="assistant", content="A start-up. [1]"),
        ChatMessage(role="user", content=[{"type": "text", "text": "Where is it based?"}]),
    ]
    assert conversation(msgs) == ("Where is it based?", [("What is Sakana AI?", "A start-up. [1]")])
    with pytest.raises(ApiError, match="last message"):
        conversation(msgs[:3])


def test_secure_attribute_is_read_from_the_attributes_not_the_name():
    assert not _has_secure(b"access-token-unsecure-x=1; HttpOnly; Path=/")
    assert _has_secure(b"access-token-x=1; HttpOnly; Secure")


def test_the_cli_finds_the_server_from_the_settings(tmp_path):
    assert server_url(Settings(host="0.0.0.0", port=8123)) == ("http://127.0.0.1:8123", False)
    assert server_url(Settings(server_url="https://chat.example.org/")) == (
        "https://chat.example.org",
        True,
    )
    one, two = Settings(data_dir=tmp_path / "a"), Settings(data_dir=tmp_path / "b")
    assert index_id(one) != index_id(two) and index_id(one) == index_id(
        Settings(data_dir=tmp_path / "a")
    )
