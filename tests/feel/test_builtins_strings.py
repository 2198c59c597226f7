"""String built-ins (DMN 1.5 Table 74) and XPath regular expressions, called directly."""
from decimal import Decimal as D

import pytest

from dmnlaw.feel.builtins import load_all, strings
from dmnlaw.feel.values import InvalidArgument

B = load_all()


# --- plain string functions ------------------------------------------------------------------

@pytest.mark.parametrize("args,expected", [
    (("foobar", D(3)), "obar"),
    (("foobar", D(3), D(3)), "oba"),
    (("foobar", D(-2), D(1)), "a"),
    (("foobar", D(-2)), "ar"),
    (("\U0001F40Eab", D(2)), "ab"),  # code points, not UTF-16 units
    (("foo\U0001F40Ebar\U0001F600", D(4), D(1)), "\U0001F40E"),
    (("foo\U0001F40Ebar\U0001F600", D(4), D(4)), "\U0001F40Ebar"),
    (("foo\U0001F40Ebar\U0001F600", D(8)), "\U0001F600"),
    (("foobar", D("3.7"), D("2.2")), "ob"),  # positions truncate
])
def test_substring(args, expected):
    assert B["substring"](*args) == expected


@pytest.mark.parametrize("args", [
    ("foobar", D(0)), ("foobar", D(7)), ("foobar", D(-7)), ("foobar", D(3), D(0)),
    ("foobar", D(3), D(5)), ("foobar", D(-2), D(3)), ("", D(1)),
])
def test_substring_outside_its_domain(args):
    with pytest.raises(InvalidArgument, match="substring"):
        B["substring"](*args)


def test_simple_string_functions():
    assert B["string length"]("") == 0
    assert B["string length"]("aaaaa dddd ") == 11
    assert B["string length"]("\U0001F40E") == 1
    assert B["string length"]("\U0001F40E\U0001F600") == 2
    assert B["upper case"]("aBc4") == "ABC4"
    assert B["upper case"]("?@{") == "?@{"
    assert B["lower case"]("aBc4") == "abc4"
    assert B["substring before"]("foobar", "bar") == "foo"
    assert B["substring before"]("foobar", "o") == "f"
    assert B["substring before"]("foobar", "x") == ""
    assert B["substring before"]("abc", "") == ""
    assert B["substring after"]("foobar", "ob") == "ar"
    assert B["substring after"]("", "a") == ""
    assert B["substring after"]("abc", "") == "abc"
    assert B["contains"]("foobar", "of") is False
    assert B["contains"]("abc", "") is True
    assert B["contains"]("\U0001F40E\U0001F600", "\U0001F600") is True
    assert B["starts with"]("foobar", "fo") is True
    assert B["ends with"]("foobar", "r") is True
    assert B["ends with"]("\U0001F40E\U0001F600", "\U0001F600") is True


def test_named_parameters_and_nulls():
    assert B["string length"].call_named({"string": "xyz123"}) == 6
    assert B["substring before"].call_named({"string": "foobar", "match": "b"}) == "foo"
    assert B["contains"](None, "bar") is None
    assert B["contains"]("bar", None) is None
    assert B["upper case"](["bob"]) == "BOB"  # singleton list conversion
    with pytest.raises(InvalidArgument):
        B["upper case"](D(1))


@pytest.mark.parametrize("args,expected", [
    ((["a", "b", "c"],), "abc"),
    ((["a", "b", "c"], " and "), "a and b and c"),
    ((["a", "b", "c"], ""), "abc"),
    ((["a", "b", "c"], None), "abc"),
    ((["a"], "X"), "a"),
    ((["a", None, "c"],), "ac"),
    ((["a", None, "c"], "X"), "aXc"),
    (([],), ""),
    (([], "X"), ""),
    (("a", "X"), "a"),
])
def test_string_join(args, expected):
    assert B["string join"](*args) == expected


def test_string_join_errors():
    assert B["string join"](None) is None
    assert B["string join"].call_named({"delimiter": "X", "list": ["a", "c"]}) == "aXc"
    for bad in ([D(1), D(2)], D(123)):
        with pytest.raises(InvalidArgument, match="string join"):
            B["string join"](bad, "X")
    with pytest.raises(InvalidArgument):
        B["string join"](["a"], "X", "foo")
    with pytest.raises(InvalidArgument):
        B["string join"].call_named({"list": ["a"], "delimitr": "X"})


# --- matches ---------------------------------------------------------------------------------

@pytest.mark.parametrize("args,expected", [
    (("banana", "[a-z]{3}"), True),
    (("foobar", "^fo*b"), True),
    (("abracadabra", "bra", None), True),
    (("\nabcd\ndefg\n", "^$", "m"), True),
    (("abcd\n\ndefg\n ", "^$", "m"), True),
    (("ab\n", "ab$"), False),  # without m, $ is the very end
    (("Mary\rJones", "Mary.Jones"), False),  # . excludes \r and \n
    (("Mary\rJones", "Mary.Jones", "s"), True),
    (("abc", "ABC", "i"), True),
    (("abZ", "[a-z]*", "i"), True),
    (("\u212A", "k", "i"), True),  # Kelvin sign folds to k
    (("ß", "ss", "i"), False),  # single-character case mappings only
    (("x", "[A-Z-[OI]]", "i"), True),
    (("X", "[A-Z-[OI]]", "i"), True),
    (("O", "[A-Z-[OI]]", "i"), False),
    (("i", "[A-Z-[OI]]", "i"), False),
    (("Q", "[^Q]", "i"), False),
    (("q", "[^Q]", "i"), False),
    (("hello world", "hello\\ sworld", "x"), True),
    (("hello world", " hello[ ]world", "x"), True),
    (("hello world", "he ll o[ ]worl d", "x"), True),
    (("hello world", "\\p{ IsBasicLatin}+", "x"), True),
    (("hello world", "\\p{ I s B a s i c L a t i n }+", "x"), True),
    (("aA", "(a)\\1", "i"), True),
    (("a", "a[^b]"), False),
    (("a ", "a[^b]"), True),
    (("a.b", "a.b", "q"), True),
    (("axb", "a.b", "q"), False),
    (("A.B", "a.b", "qi"), True),
    (("a_b", "^\\w+$"), False),  # XSD \w excludes punctuation such as _
    (("a+b", "^\\w+$"), True),  # ...and includes symbols such as +
    (("a\u00a0b", "a\\sb"), False),  # XSD \s is space, tab, CR, LF only
    (("x:y", "^\\i\\c*$"), True),
    (("1x", "^\\i"), False),
    (("é", "\\p{IsLatin-1Supplement}"), True),
    (("Ab", "^\\p{Lu}\\P{Lu}$"), True),
    (("٣", "^\\d$"), True),  # \d is any Unicode decimal digit
    (("a-b", "a[\\-]b"), True),
    (("a-b", "a[-x]b"), True),
    (("a$b", "a\\$b"), True),
    (("aaa", "^a{2,3}$"), True),
    (("aaaa", "^a{2,3}$"), False),
    (("ab", "(?:a)(b)"), True),
    (("", ""), True),
])
def test_matches(args, expected):
    assert B["matches"](*args) is expected


@pytest.mark.parametrize("args", [
    ("abracadabra", "bra", "p"),
    ("input", "pattern", " "),
    ("input", "pattern", "X"),
    ("hello world", "\\p{ IsBasicLatin}+"),
    ("h", "(.)\\3"),
    ("h", "(.)\\2"),
    ("input", "\\3"),
    ("abcd", "(asd)[\\1]"),
    ("abcd", "(asd)[asd\\1]"),
    ("abcd", "(asd)[asd\\0]"),
    ("abcd", "1[asd\\0]"),
    ("aa", "(a\\1)"),  # the group is not closed yet
    ("a", "a{,2}"),
    ("a", "a*+"),  # possessive quantifiers are not XPath
    ("a", "(?=a)"),
    ("a", "]"),
    ("a", "}"),
    ("a", "a{2"),
    ("a", "*a"),
    ("a", "[b-a]"),
    ("a", "[a-b-c]"),
    ("a", "[]"),
    ("a", "\\b"),
    ("a", "\\x41"),
    ("a", "\\p{Foo}"),
    ("a", "(a"),
    ("a", "a)"),
])
def test_matches_refuses_invalid_patterns_and_flags(args):
    with pytest.raises(InvalidArgument, match="matches"):
        B["matches"](*args)


def test_matches_arguments():
    assert B["matches"](None, "pattern") is None
    assert B["matches"]("input", None) is None
    for args in (("input", []), ("input", "pattern", []), ("input", "pattern", "", [])):
        with pytest.raises(InvalidArgument):
            B["matches"](*args)
    with pytest.raises(InvalidArgument):
        B["matches"]("input")


def test_catastrophic_backtracking_times_out(monkeypatch):
    monkeypatch.setattr(strings, "REGEX_TIMEOUT", 0.05)
    with pytest.raises(InvalidArgument, match="took too long"):
        B["matches"]("a" * 60 + "b", "(a|aa)+$")
    with pytest.raises(InvalidArgument, match="took too long"):
        B["replace"]("a" * 60 + "b", "(a|aa)+$", "x")


# --- replace and split -----------------------------------------------------------------------

@pytest.mark.parametrize("args,expected", [
    (("banana", "a", "o"), "bonono"),
    (("banana", "(an)+", "**"), "b**a"),
    (("banana", "[aeiouy]", "[$0]"), "b[a]n[a]n[a]"),
    (("abcd", "(ab)|(a)", "[1=$1][2=$2]"), "[1=ab][2=]cd"),
    (("a", "[b-z]", "#"), "a"),
    (("foobar", "^fo*b*", "#"), "#ar"),
    (("abc", ".^[d-z]", "#"), "abc"),
    (("abracadabra", "a.*a", "*"), "*"),
    (("abracadabra", "a.*?a", "*"), "*c*bra"),
    (("abracadabra", "a", ""), "brcdbr"),
    (("abracadabra", "a(.)", "a$1$1"), "abbraccaddabbra"),
    (("AAAA", "A+?", "b"), "bbbb"),
    (("darted", "^(.*?)d(.*)$", "$1c$2"), "carted"),
    (("0123456789", "(\\d{3})(\\d{3})(\\d{4})", "($1) $2-$3"), "(012) 345-6789"),
    (("abc", "[A-Z]", "#", "i"), "###"),
    (("a b c d ", "[a-z]", "#", "x"), "# # # # "),
    (("abc", "[a-z]", "#", ""), "###"),
    (("abc", "b", "\\$\\\\"), "a$\\c"),
    (("abc", "(b)", "$10"), "ab0c"),  # $10 with one group is $1 then "0"
    (("abc", "(b)", "$2"), "ac"),  # a single-digit group that does not exist is empty
    (("a.b", ".", "$1", "q"), "a$1b"),  # q: pattern and replacement are literal
])
def test_replace(args, expected):
    assert B["replace"](*args) == expected


def test_replace_named_and_errors():
    assert B["replace"].call_named(
        {"input": "abc", "pattern": "[A-Z]", "replacement": "#", "flags": "i"}) == "###"
    for args in (("abc", "x*", "-"), ("abc", "b", "$"), ("abc", "b", "\\n"), ("abc", "[", "x"),
                 ("abc", "b", "x", "k")):
        with pytest.raises(InvalidArgument, match="replace"):
            B["replace"](*args)


def test_split():
    assert B["split"]("John Doe", "\\s") == ["John", "Doe"]
    assert B["split"]("a;b;c;;", ";") == ["a", "b", "c", "", ""]
    assert B["split"]("a1b22c", "\\d+") == ["a", "b", "c"]
    assert B["split"]("abc", "(b)") == ["a", "c"]  # groups are not included
    assert B["split"]("", ",") == []
    assert B["split"].call_named({"delimiter": ",", "string": "foo,bar"}) == ["foo", "bar"]
    assert B["split"](None, ",") is None
    assert B["split"]("foo", None) is None
    for args in (("abc", ""), ("abc", "x?"), ("abc", "[")):
        with pytest.raises(InvalidArgument, match="split"):
            B["split"](*args)
    with pytest.raises(InvalidArgument):
        B["split"].call_named({"delimiter": ",", "str": "foo,bar"})
