"""Clocks, identifiers and secret tokens: the ports that keep the core deterministic."""

from __future__ import annotations

import datetime as dt
import re
import threading

import pytest

from formlavoro_adapters import (
    SecretsTokenGenerator,
    SequentialIdGenerator,
    SettableClock,
    SystemClock,
    UuidIdGenerator,
)

ROME_WINTER = dt.timezone(dt.timedelta(hours=1))
URL_SAFE = re.compile(r"[A-Za-z0-9_-]+")

# --- clocks ---------------------------------------------------------------------------


def test_a_settable_clock_stands_still_at_its_start() -> None:
    start = dt.datetime(2026, 3, 1, 9, tzinfo=dt.UTC)
    clock = SettableClock(start)
    assert clock.now() == start
    assert clock.now() == start


def test_a_settable_clock_refuses_a_naive_start() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        SettableClock(dt.datetime(2026, 3, 1, 9))  # noqa: DTZ001 - the point of the test


def test_a_settable_clock_refuses_to_be_set_to_a_naive_instant() -> None:
    clock = SettableClock(dt.datetime(2026, 3, 1, 9, tzinfo=dt.UTC))
    with pytest.raises(ValueError, match="timezone-aware"):
        clock.set(dt.datetime(2026, 3, 2, 9))  # noqa: DTZ001 - the point of the test
    assert clock.now() == dt.datetime(2026, 3, 1, 9, tzinfo=dt.UTC)


def test_a_settable_clock_keeps_the_instant_and_reports_it_in_utc() -> None:
    clock = SettableClock(dt.datetime(2026, 3, 1, 10, tzinfo=ROME_WINTER))
    assert clock.now() == dt.datetime(2026, 3, 1, 9, tzinfo=dt.UTC)
    assert clock.now().tzinfo is dt.UTC
    moved = clock.set(dt.datetime(2026, 7, 1, 3, tzinfo=dt.timezone(dt.timedelta(hours=-4))))
    assert moved == dt.datetime(2026, 7, 1, 7, tzinfo=dt.UTC)
    assert moved.tzinfo is dt.UTC
    assert clock.now() == moved


def test_advancing_a_settable_clock_moves_it_forward_and_returns_the_new_instant() -> None:
    clock = SettableClock(dt.datetime(2026, 3, 1, 9, tzinfo=dt.UTC))
    assert clock.advance(dt.timedelta(days=90)) == dt.datetime(2026, 5, 30, 9, tzinfo=dt.UTC)
    assert clock.advance(dt.timedelta(minutes=30)) == dt.datetime(2026, 5, 30, 9, 30, tzinfo=dt.UTC)
    assert clock.now() == dt.datetime(2026, 5, 30, 9, 30, tzinfo=dt.UTC)
    assert clock.now().tzinfo is dt.UTC


def test_advancing_from_many_threads_loses_no_step() -> None:
    clock = SettableClock(dt.datetime(2026, 3, 1, tzinfo=dt.UTC))

    def tick() -> None:
        for _ in range(200):
            clock.advance(dt.timedelta(seconds=1))

    threads = [threading.Thread(target=tick) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert clock.now() == dt.datetime(2026, 3, 1, tzinfo=dt.UTC) + dt.timedelta(seconds=800)


def test_the_system_clock_tells_the_current_time_in_utc() -> None:
    before = dt.datetime.now(dt.UTC)
    now = SystemClock().now()
    after = dt.datetime.now(dt.UTC)
    assert now.tzinfo is not None
    assert now.utcoffset() == dt.timedelta(0)
    assert before <= now <= after


# --- identifiers ----------------------------------------------------------------------


def test_uuid_identifiers_are_32_lower_case_hex_digits() -> None:
    ids = UuidIdGenerator()
    for _ in range(50):
        assert re.fullmatch(r"[0-9a-f]{32}", ids.new_id())


def test_uuid_identifiers_do_not_repeat() -> None:
    ids = UuidIdGenerator()
    assert len({ids.new_id() for _ in range(2000)}) == 2000


def test_sequential_identifiers_count_up_from_one_with_their_prefix() -> None:
    ids = SequentialIdGenerator("cv")
    assert [ids.new_id() for _ in range(3)] == ["cv-000001", "cv-000002", "cv-000003"]


def test_sequential_identifiers_have_a_default_prefix() -> None:
    assert SequentialIdGenerator().new_id() == "id-000001"


def test_each_sequence_is_independent_and_repeatable() -> None:
    first, second = SequentialIdGenerator("a"), SequentialIdGenerator("a")
    assert [first.new_id(), first.new_id()] == ["a-000001", "a-000002"]
    assert second.new_id() == "a-000001"


def test_sequential_identifiers_are_unique_across_threads() -> None:
    ids = SequentialIdGenerator()
    drawn: list[str] = []
    lock = threading.Lock()

    def draw() -> None:
        mine = [ids.new_id() for _ in range(250)]
        with lock:
            drawn.extend(mine)

    threads = [threading.Thread(target=draw) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(drawn) == [f"id-{number:06d}" for number in range(1, 1001)]


# --- secret tokens --------------------------------------------------------------------


def test_tokens_are_url_safe() -> None:
    tokens = SecretsTokenGenerator()
    for _ in range(200):
        assert URL_SAFE.fullmatch(tokens.new_token())


def test_tokens_do_not_repeat() -> None:
    tokens = SecretsTokenGenerator(16)
    assert len({tokens.new_token() for _ in range(5000)}) == 5000


@pytest.mark.parametrize(("nbytes", "length"), [(16, 22), (32, 43), (48, 64)])
def test_a_token_carries_the_asked_entropy_as_base64_characters(nbytes: int, length: int) -> None:
    # Six bits per URL-safe base64 character: 16 bytes (128 bits) need 22 characters.
    assert len(SecretsTokenGenerator(nbytes).new_token()) == length


def test_tokens_carry_at_least_128_bits_by_default() -> None:
    assert len(SecretsTokenGenerator().new_token()) * 6 >= 128


@pytest.mark.parametrize("nbytes", [0, 8, 15])
def test_fewer_than_16_bytes_of_entropy_are_refused(nbytes: int) -> None:
    with pytest.raises(ValueError, match="at least 16 bytes"):
        SecretsTokenGenerator(nbytes)
