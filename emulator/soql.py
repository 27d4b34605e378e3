"""The SOQL subset the project sends, parsed and run against an org's records.

SELECT f1, f2 FROM Obj [WHERE cond [AND cond]...] [ORDER BY f [ASC|DESC], ...] [LIMIT n], where
cond is `f IN (literal, ...)`, `f NOT IN (...)` or `f <op> literal` (=, !=, <>, <, <=, >, >=),
and literals are quoted strings, dates, datetimes, numbers, true, false and null. Anything else
answers MALFORMED_QUERY, as a query Salesforce could not parse would.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from emulator.ids import id_to_18
from emulator.schema import NUMBER_TYPES, FieldSpec, ObjectSpec
from emulator.state import Org
from emulator.validation import RequestError, datetime_parse

_TOKEN = re.compile(
    r"\s*(?:(?P<string>'(?:[^'\\]|\\.)*')"
    r"|(?P<datetime>\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2}))"
    r"|(?P<date>\d{4}-\d{2}-\d{2})"
    r"|(?P<number>-?\d+(?:\.\d+)?)"
    r"|(?P<op><=|>=|!=|<>|=|<|>)"
    r"|(?P<punct>[(),])"
    r"|(?P<word>[A-Za-z_][A-Za-z0-9_.]*))"
)
_UNQUOTED_TYPES = {"datetime": "dateTime", "date": "date", "boolean": "boolean"}


@dataclass
class _Token:
    kind: str
    text: str


@dataclass
class Condition:
    """One WHERE term: a field, an operator and its literal value(s)."""

    field: FieldSpec
    op: str
    values: list[Any]


@dataclass
class Query:
    """A parsed query."""

    obj: ObjectSpec
    fields: list[str]
    conditions: list[Condition] = field(default_factory=list)
    order_by: list[tuple[str, bool]] = field(default_factory=list)
    limit: int | None = None


def _malformed(message: str) -> RequestError:
    return RequestError(400, "MALFORMED_QUERY", message)


def _tokens(text: str) -> Iterator[_Token]:
    position = 0
    text = text.strip()
    while position < len(text):
        match = _TOKEN.match(text, position)
        if match is None or match.end() == position:
            raise _malformed(f"unexpected token: '{text[position:].split()[0]}'")
        kind = match.lastgroup or ""
        yield _Token(kind, match.group(kind))
        position = match.end()


class _Parser:
    def __init__(self, org: Org, text: str) -> None:
        self.org = org
        self.tokens = list(_tokens(text))
        self.position = 0

    def peek(self) -> _Token | None:
        return self.tokens[self.position] if self.position < len(self.tokens) else None

    def take(self) -> _Token:
        token = self.peek()
        if token is None:
            raise _malformed("unexpected end of query")
        self.position += 1
        return token

    def keyword(self, *words: str) -> bool:
        """Consume the given keywords if they come next."""
        upcoming = self.tokens[self.position : self.position + len(words)]
        if [token.text.upper() for token in upcoming if token.kind == "word"] == list(words):
            self.position += len(words)
            return True
        return False

    def expect(self, *words: str) -> None:
        if not self.keyword(*words):
            found = self.peek()
            raise _malformed(f"unexpected token: '{found.text if found else 'EOF'}'")

    def parse(self) -> Query:
        self.expect("SELECT")
        names = self._name_list()
        self.expect("FROM")
        obj = self._object(self.take().text)
        query = Query(obj, self._selected(obj, names))
        if self.keyword("WHERE"):
            query.conditions.append(self._condition(obj))
            while self.keyword("AND"):
                query.conditions.append(self._condition(obj))
        if self.keyword("ORDER", "BY"):
            query.order_by = self._order(obj)
        if self.keyword("LIMIT"):
            query.limit = self._limit()
        if self.peek() is not None:
            raise _malformed(f"unexpected token: '{self.take().text}'")
        return query

    def _selected(self, obj: ObjectSpec, names: list[str]) -> list[str]:
        """The SELECT list under the fields' API names; a field named twice (in any case) is
        refused."""
        selected: list[str] = []
        for name in names:
            canonical = self._field(obj, name).name
            if canonical in selected:
                raise RequestError(400, "INVALID_FIELD", f"duplicate field selected: {canonical}")
            selected.append(canonical)
        return selected

    def _name_list(self) -> list[str]:
        names = [self._word()]
        while self.peek() is not None and self.tokens[self.position].text == ",":
            self.take()
            names.append(self._word())
        return names

    def _word(self) -> str:
        token = self.take()
        if token.kind != "word":
            raise _malformed(f"unexpected token: '{token.text}'")
        return token.text

    def _object(self, name: str) -> ObjectSpec:
        for obj in self.org.schema.values():
            if obj.name.lower() == name.lower():
                return obj
        raise RequestError(
            400,
            "INVALID_TYPE",
            f"sObject type '{name}' is not supported. If you are attempting to use a custom "
            "object, be sure to append the '__c' after the entity name. Please reference your "
            "WSDL or the describe call for the appropriate names.",
        )

    def _field(self, obj: ObjectSpec, name: str) -> FieldSpec:
        for spec in obj.fields.values():
            if spec.name.lower() == name.lower():
                return spec
        raise RequestError(
            400,
            "INVALID_FIELD",
            f"No such column '{name}' on entity '{obj.name}'. If you are attempting to use a "
            "custom field, be sure to append the '__c' after the custom field name. Please "
            "reference your WSDL or the describe call for the appropriate names.",
        )

    def _condition(self, obj: ObjectSpec) -> Condition:
        spec = self._field(obj, self._word())
        if not spec.filterable:
            raise RequestError(
                400, "INVALID_FIELD", f"field '{spec.name}' can not be filtered in a query call"
            )
        negated = self.keyword("NOT", "IN")
        if negated or self.keyword("IN"):
            return Condition(spec, "NOT IN" if negated else "IN", self._literal_list(spec))
        token = self.take()
        if token.kind != "op":
            raise _malformed(f"unexpected token: '{token.text}'")
        return Condition(spec, "!=" if token.text == "<>" else token.text, [self._literal(spec)])

    def _literal_list(self, spec: FieldSpec) -> list[Any]:
        if self.take().text != "(":
            raise _malformed("expecting a left parentheses, found something else")
        values = [self._literal(spec)]
        while (token := self.take()).text == ",":
            values.append(self._literal(spec))
        if token.text != ")":
            raise _malformed(f"unexpected token: '{token.text}'")
        return values

    def _literal(self, spec: FieldSpec) -> Any:
        token = self.take()
        lowered = token.text.lower()
        if token.kind == "word" and lowered in ("null", "true", "false"):
            return None if lowered == "null" else lowered == "true"
        if token.kind == "string":
            if spec.type in _UNQUOTED_TYPES or spec.type in NUMBER_TYPES:
                wanted = _UNQUOTED_TYPES.get(spec.type, "number")
                raise RequestError(
                    400,
                    "INVALID_FIELD",
                    f"value of filter criterion for field '{spec.name}' must be of type "
                    f"{wanted} and should not be enclosed in quotes",
                )
            return re.sub(r"\\(.)", r"\1", token.text[1:-1])
        if token.kind == "datetime":
            return datetime_parse(token.text)
        if token.kind in ("date", "number"):
            return token.text if token.kind == "date" else float(token.text)
        raise _malformed(f"unexpected token: '{token.text}'")

    def _order(self, obj: ObjectSpec) -> list[tuple[str, bool]]:
        order = []
        while True:
            spec = self._field(obj, self._word())
            if not spec.sortable:
                raise RequestError(
                    400, "INVALID_FIELD", f"field '{spec.name}' can not be sorted in a query call"
                )
            name, descending = spec.name, self.keyword("DESC")
            if not descending:
                self.keyword("ASC")
            order.append((name, descending))
            if self.peek() is None or self.tokens[self.position].text != ",":
                return order
            self.take()

    def _limit(self) -> int:
        token = self.take()
        if token.kind != "number" or not token.text.isdigit():
            raise _malformed(f"unexpected token: '{token.text}'")
        return int(token.text)


def query_parse(org: Org, text: str) -> Query:
    """Parse a query against the org's schema or answer as Salesforce would."""
    return _Parser(org, text).parse()


def _comparable(spec: FieldSpec, value: Any) -> Any:
    """Bring a stored value or literal to a form that compares as SOQL does."""
    if value is None:
        return None
    if spec.type in ("id", "reference") and isinstance(value, str):
        return id_to_18(value) or value
    if spec.type == "datetime":
        return value if not isinstance(value, str) else datetime_parse(value)
    if spec.type in NUMBER_TYPES:
        return float(value)
    if isinstance(value, str):
        return value.casefold()
    return value


_OPERATORS: dict[str, Callable[[Any, Any], bool]] = {
    "=": lambda a, b: a == b,
    "!=": lambda a, b: a != b,
    "<": lambda a, b: a is not None and b is not None and a < b,
    "<=": lambda a, b: a is not None and b is not None and a <= b,
    ">": lambda a, b: a is not None and b is not None and a > b,
    ">=": lambda a, b: a is not None and b is not None and a >= b,
}


def _test(condition: Condition) -> Callable[[dict[str, Any]], bool]:
    """The condition as a test of one record; its literals are made comparable once, not once
    per record (an IN list of 200 ids over 10,000 records is 2 million conversions)."""
    spec = condition.field
    wanted = [_comparable(spec, value) for value in condition.values]
    if condition.op in ("IN", "NOT IN"):
        members = frozenset(wanted)
        negated = condition.op == "NOT IN"
        return lambda record: (_comparable(spec, record.get(spec.name)) in members) != negated
    compare, value = _OPERATORS[condition.op], wanted[0]
    return lambda record: compare(_comparable(spec, record.get(spec.name)), value)


def _sort_key(spec: FieldSpec) -> Callable[[dict[str, Any]], tuple[bool, Any]]:
    """Sort key putting nulls first ascending and last descending, as SOQL does by default."""

    def key(row: dict[str, Any]) -> tuple[bool, Any]:
        value = _comparable(spec, row.get(spec.name))
        return (value is not None, value if value is not None else 0)

    return key


def query_run(org: Org, query: Query, *, include_deleted: bool) -> list[dict[str, Any]]:
    """Return the matching records (raw), ordered and limited."""
    tests = [_test(condition) for condition in query.conditions]
    rows = [
        record
        for record in org.table(query.obj.name).values()
        if (include_deleted or not record["IsDeleted"]) and all(test(record) for test in tests)
    ]
    for name, descending in reversed(query.order_by):
        rows.sort(key=_sort_key(query.obj.fields[name]), reverse=descending)
    return rows if query.limit is None else rows[: query.limit]
