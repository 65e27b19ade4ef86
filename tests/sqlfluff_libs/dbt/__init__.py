"""Stand-ins for dbt's cross-database macros, so sqlfluff's jinja templater can render models
that call them (the real macros run under dbt; these only need to produce parseable SQL)."""


def datediff(first: str, second: str, part: str) -> str:
    return f"date_diff('{part}', {first}, {second})"


def type_string() -> str:
    return "varchar"


def date_trunc(part: str, column: str) -> str:
    return f"date_trunc('{part}', {column})"


def dateadd(part: str, amount: object, column: str) -> str:
    return f"({column} + to_{part}s(cast({amount} as integer)))"
