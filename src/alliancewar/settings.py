"""Checking the workflow configuration before anything runs.

Three steps, in the order the Snakefile applies them:

1. :func:`read_yaml` -- a YAML syntax error names the file, the line and the column
   (Snakemake's own message names neither).
2. :func:`coerce_to_schema` -- values given on the command line arrive as strings when they
   are nested (``--config panel='{end_year: 2000}'`` gives ``'2000'``, because Snakemake parses
   nested values with YAML's BaseLoader); every string where the schema expects an integer,
   a number, a boolean or null is converted (``null``, ``~``, ``none`` and the empty string
   become null where null is allowed, e.g. ``--config mirror=null``).
3. :func:`validate_config` -- JSON-schema validation whose every error names the full key path
   (``models.named.baseline.estimator``) and, where the schema knows them, the allowed values or
   keys; schema defaults are filled in, as Snakemake's ``validate`` does.

The semantic checks that need the variable registry or the source coverage (outcome among the
controls, a sample outside the outcome's coverage ...) are in
:func:`alliancewar.models.spec.validate_spec`.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import jsonschema
import yaml

from .errors import ConfigError

_NULL_WORDS = ("null", "~", "none", "")
_TRUE_WORDS = ("true", "yes", "on")
_FALSE_WORDS = ("false", "no", "off")


def read_yaml(path: str | Path) -> Any:
    """Read a YAML (or JSON) file; a syntax error names the file, line and column.

    Raises
    ------
    ConfigError
        When the file cannot be read or parsed.
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read config file ({exc})") from exc
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        where = f"{path}, line {mark.line + 1}, column {mark.column + 1}" if mark else str(path)
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise ConfigError(f"{where}: YAML syntax error: {problem}") from exc


def load_schema(path: str | Path) -> dict[str, Any]:
    """The config schema (``workflow/schemas/config.schema.yaml``)."""
    schema = read_yaml(path)
    if not isinstance(schema, dict):
        raise ConfigError(f"{path}: not a JSON schema")
    return schema


# --------------------------------------------------------------------------------------------
# Coercion of command-line strings
# --------------------------------------------------------------------------------------------


def _resolve(node: Mapping[str, Any], root: Mapping[str, Any]) -> Mapping[str, Any]:
    """Follow a local ``$ref`` (``#/$defs/spec``)."""
    while "$ref" in node:
        target: Any = root
        for part in node["$ref"].lstrip("#/").split("/"):
            target = target[part]
        node = target
    return node


def _types(node: Mapping[str, Any]) -> list[str]:
    t = node.get("type", [])
    return [t] if isinstance(t, str) else list(t)


def _coerce_scalar(value: str, node: Mapping[str, Any]) -> Any:
    """``value`` converted to the first schema type it parses as, else unchanged."""
    types = _types(node)
    word = value.strip().lower()
    if "null" in types and word in _NULL_WORDS:
        return None
    if "boolean" in types and word in _TRUE_WORDS + _FALSE_WORDS:
        return word in _TRUE_WORDS
    if "integer" in types:
        try:
            return int(value)
        except ValueError:
            pass
    if "number" in types:
        try:
            return float(value)
        except ValueError:
            pass
    for option in node.get("enum", ()):
        if not isinstance(option, str) and str(option).lower() == word:
            return option
    return value


def coerce_to_schema(value: Any, schema: Mapping[str, Any], root: Mapping[str, Any] | None = None) -> Any:
    """A copy of ``value`` with strings converted to the types the schema expects.

    Parameters
    ----------
    value
        The config (or a part of it).
    schema
        Its schema node.
    root
        The whole schema (for ``$ref``); default ``schema``.

    Returns
    -------
    object
        The coerced copy; values that do not parse are left alone for validation to report.
    """
    root = schema if root is None else root
    node = _resolve(schema, root)
    if isinstance(value, str):
        return _coerce_scalar(value, node)
    if isinstance(value, list):
        items = node.get("items")
        return [coerce_to_schema(v, items, root) for v in value] if isinstance(items, dict) else list(value)
    if isinstance(value, dict):
        props = node.get("properties", {})
        extra = node.get("additionalProperties")
        out = {}
        for k, v in value.items():
            sub = props.get(k, extra if isinstance(extra, dict) else None)
            out[k] = coerce_to_schema(v, sub, root) if sub is not None else copy.deepcopy(v)
        return out
    return value


# --------------------------------------------------------------------------------------------
# Validation with key paths
# --------------------------------------------------------------------------------------------


def key_path(parts: Any, prefix: str = "") -> str:
    """``models.named.baseline.estimator`` (list indices in brackets: ``outputs.tables[0].name``)."""
    out = prefix
    for p in parts:
        out += f"[{p}]" if isinstance(p, int) else (f".{p}" if out else str(p))
    return out or "<top level>"


def _allowed_keys(error: jsonschema.ValidationError, root: Mapping[str, Any]) -> list[str]:
    return list(_resolve(error.schema, root).get("properties", {}))


def describe(error: jsonschema.ValidationError, root: Mapping[str, Any]) -> str:
    """One line naming the key path, the offending value and what is allowed."""
    path = key_path(error.absolute_path)
    v = error.validator
    if v == "additionalProperties":
        allowed = set(_allowed_keys(error, root))
        unknown = sorted(k for k in (error.instance or {}) if k not in allowed)
        where = "unknown key" + ("s" if len(unknown) > 1 else "")
        shown = ", ".join(f"{path}.{k}" if path != "<top level>" else k for k in unknown)
        return f"{where} {shown}; allowed keys here: {', '.join(sorted(allowed))}"
    if v == "enum":
        return f"{path}: {error.instance!r} is not allowed; allowed values: {', '.join(map(str, error.validator_value))}"
    if v == "type":
        want = error.validator_value if isinstance(error.validator_value, str) else " or ".join(error.validator_value)
        return f"{path}: {error.instance!r} is not of type {want}"
    if v == "propertyNames":
        allowed = _resolve(error.schema, root).get("propertyNames", {}).get("enum", [])
        return f"{path}: key {error.instance!r} is not allowed; allowed keys: {', '.join(map(str, allowed))}"
    if v == "required":
        return f"{path}: {error.message}"
    if v == "not":
        return f"{path}: {error.instance!r} is not allowed here (reserved)"
    if v == "pattern":
        why = _resolve(error.schema, root).get("description")
        return f"{path}: {error.instance!r} does not match the pattern {error.validator_value}" + (
            f" ({why})" if why else "")
    return f"{path}: {error.message}"


def _errors(config: Any, schema: Mapping[str, Any]) -> Iterator[jsonschema.ValidationError]:
    validator = jsonschema.Draft202012Validator(schema)
    return iter(sorted(validator.iter_errors(config), key=lambda e: (list(map(str, e.absolute_path)), e.validator)))


def _set_defaults(value: Any, schema: Mapping[str, Any], root: Mapping[str, Any]) -> None:
    """Fill schema defaults into the objects present (as ``snakemake.utils.validate`` does)."""
    node = _resolve(schema, root)
    if isinstance(value, dict):
        props = node.get("properties", {})
        for k, sub in props.items():
            sub_node = _resolve(sub, root)
            if k not in value and "default" in sub_node:
                value[k] = copy.deepcopy(sub_node["default"])
        extra = node.get("additionalProperties")
        for k, v in value.items():
            sub = props.get(k, extra if isinstance(extra, dict) else None)
            if sub is not None:
                _set_defaults(v, sub, root)
    elif isinstance(value, list) and isinstance(node.get("items"), dict):
        for v in value:
            _set_defaults(v, node["items"], root)


def validate_config(config: dict[str, Any], schema: Mapping[str, Any] | str | Path) -> dict[str, Any]:
    """Coerce, validate and complete the configuration.

    Parameters
    ----------
    config
        The merged configuration (config file plus command-line overrides).
    schema
        The schema or its path.

    Returns
    -------
    dict
        A coerced copy with the schema defaults filled in.

    Raises
    ------
    ConfigError
        Listing every violation, one per line, each naming its key path and what is allowed.
    """
    root = load_schema(schema) if isinstance(schema, (str, Path)) else schema
    out = coerce_to_schema(config, root)
    problems = list(dict.fromkeys(describe(e, root) for e in _errors(out, root)))
    if problems:
        head = "invalid configuration" + (f" ({len(problems)} problems)" if len(problems) > 1 else "")
        raise ConfigError(f"{head}:\n  " + "\n  ".join(problems[:12]) + ("\n  ..." if len(problems) > 12 else ""))
    _set_defaults(out, root, root)
    return out
