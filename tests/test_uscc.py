"""GB 32100-2015 credit codes: valid codes, every wrong check character, bad length/characters."""

import pytest

from envhelp import i18n
from envhelp.domain import uscc
from envhelp.errors import ValidationError
from tests.conftest import VALID_USCC


def test_weights_are_powers_of_three_mod_31():
    assert uscc.WEIGHTS == [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]


@pytest.mark.parametrize("code", VALID_USCC)
def test_known_valid_codes(code):
    assert uscc.validate(code) == code


def test_standard_worked_example_check_character():
    # The standard's own example: weighted sum 1640, 1640 mod 31 = 28, 31 - 28 = 3.
    assert uscc.check_character("91350100M000100Y4") == "3"


@pytest.mark.parametrize("code", VALID_USCC)
def test_every_other_check_character_is_rejected(code):
    for ch in uscc.ALPHABET:
        if ch == code[-1]:
            continue
        with pytest.raises(ValidationError) as err:
            uscc.validate(code[:17] + ch)
        assert err.value.field == "uscc"
        assert f"应为 {code[-1]}" in str(err.value)


def test_check_value_zero_when_sum_divisible_by_31():
    # Find a body whose weighted sum is a multiple of 31: its check character must be '0'.
    for n in range(10_000):
        body = f"91110000{n:09d}"
        total = sum(uscc.VALUES[c] * w for c, w in zip(body, uscc.WEIGHTS, strict=True))
        if total % 31 == 0:
            assert uscc.check_character(body) == "0"
            assert uscc.is_valid(body + "0")
            return
    pytest.fail("no body with a sum divisible by 31 found")


@pytest.mark.parametrize("code", ["", "9135010", "91350100M000100Y433", "91350100M000100Y4"])
def test_wrong_length(code):
    with pytest.raises(ValidationError) as err:
        uscc.validate(code)
    assert "18 位" in str(err.value)


@pytest.mark.parametrize("bad", ["I", "O", "Z", "S", "V", "-", "中"])
def test_characters_outside_the_alphabet(bad):
    code = "91350100M000100Y4" + bad
    with pytest.raises(ValidationError) as err:
        uscc.validate(code)
    assert bad in str(err.value)


def test_input_is_trimmed_and_upper_cased():
    assert uscc.validate("  91130200 699229617x ") == "91130200699229617X"


def test_messages_in_english():
    i18n.set_language("en")
    with pytest.raises(ValidationError) as err:
        uscc.validate("91350100M000100Y44")
    assert "should be 3" in str(err.value)


def test_describe_kind():
    assert uscc.describe("91350100M000100Y43") == ("企业", "enterprise")
    assert uscc.describe("12350100M000100Y43")[0] == "事业单位"
