#!/usr/bin/env python3
"""An independent model of how Zowe builds each HA instance's effective configuration.

Written from Zowe's own source (see docs/zowe-model.md for the files, functions and
versions read); it shares no code with ums-ha-preflight. Stages, in Zowe's order:

  1. each layer's YAML becomes JSON as zowe-common-c c/yaml2json.c (yaml2JSON1) types it;
  2. the layers are merged right to left, defaults lowest (c/configmgr.c
     overloadConfiguration, c/json.c jsonMerge with arrays concatenated);
  3. every ${{ }} template is evaluated once, in document order of the merged tree,
     replaced in place (c/embeddedjs.c evaluateJsonTemplates / evaluationVisitor);
  4. per HA instance, haInstances.<id> is merged over the whole configuration with
     arrays replaced and hostname/sysname removed from the top (zowe-install-packaging
     bin/libs/configmgr.ts makeHaConfig, bin/utils/ObjUtils.ts Merger).

Zowe evaluates templates as full JavaScript. The model evaluates only chains of path
references joined by Zowe's own "+" (the shape yaml2json gives a template); anything
else, and any value whose exact Zowe result is an internal artefact, is UNKNOWN.

Public entry points: load_layer(text), merge_layers(layers), evaluate(base),
instance_configs(base), effective(files_texts, defaults_text), to_json(value).
"""

import re
import sys

import yaml

try:
    _Loader = yaml.CSafeLoader  # libyaml, the parser Zowe itself uses
except AttributeError:  # pragma: no cover
    _Loader = yaml.SafeLoader

STR_TAG = "tag:yaml.org,2002:str"
INT_TAG = "tag:yaml.org,2002:int"
BOOL_TAG = "tag:yaml.org,2002:bool"
NULL_TAG = "tag:yaml.org,2002:null"


class NotModelled(Exception):
    """The input uses something this model does not claim to know (aliases, ...)."""


class Unknown:
    """A value whose exact Zowe result the model does not claim. text: the template."""

    __slots__ = ("text",)

    def __init__(self, text):
        self.text = text

    def __repr__(self):
        return "Unknown(%r)" % (self.text,)

    def __eq__(self, other):
        return isinstance(other, Unknown)

    def __hash__(self):
        return 1


class Tmpl:
    """An unevaluated template: yaml2json's marker object {internal type, source}.

    parts: list of ("lit", text) and ("expr", text) in source order; text: the scalar as
    written. extra: keys a layer merge added to the marker object (jsonMerge treats the
    marker as an ordinary object)."""

    __slots__ = ("parts", "text", "extra")

    def __init__(self, parts, text, extra=None):
        self.parts = parts
        self.text = text
        self.extra = extra if extra is not None else {}

    def __repr__(self):
        return "Tmpl(%r)" % (self.text,)


_DROP = object()  # yaml2json builds nothing for this scalar: the key or item is absent
_UNDEF = object()  # JavaScript undefined


# ---------------------------------------------------------------- 1. YAML -> JSON


def _template_parts(value):
    """Split a scalar as buildTemplateJSON does; None when a ${{ has no closing }}."""
    parts = []
    tail = 0
    while True:
        start = value.find("${{", tail)
        if start < 0:
            if tail < len(value):
                parts.append(("lit", value[tail:]))
            return parts
        if start > tail:
            parts.append(("lit", value[tail:start]))
        end = value.find("}}", start + 3)
        if end < 0:
            return None
        parts.append(("expr", value[start + 3:end]))
        tail = end + 2


_NULL_WORDS = ("", "~", "null", "Null", "NULL")
_TRUE_WORDS = ("true", "True", "TRUE")
_FALSE_WORDS = ("false", "False", "FALSE")


def _scalar(value, tag, style):
    """One scalar as yaml2JSON1 types it; _DROP when Zowe adds nothing for it."""
    if tag is None or tag == "!":
        tag = STR_TAG  # libyaml's loader gives every untagged scalar the str tag
    plain = style is None or style == ""
    if tag == NULL_TAG or (tag == STR_TAG and plain and value in _NULL_WORDS):
        return None
    if tag == INT_TAG or (tag == STR_TAG and plain and value != "" and value.isascii()
                          and value.isdigit()):
        if value.isascii() and (value == "" or value.isdigit()):
            return int(value) if value else 0  # readInt: digits only, decimal
        return _DROP  # JSON_FAIL_BAD_INTEGER
    if tag == BOOL_TAG or (tag == STR_TAG and plain and value in _TRUE_WORDS + _FALSE_WORDS):
        if value in _TRUE_WORDS:
            return True
        if value in _FALSE_WORDS:
            return False
        return _DROP  # JSON_FAIL_BAD_BOOL
    if tag == STR_TAG:
        if "${{" in value:
            if plain or style == '"':
                parts = _template_parts(value)
                return _DROP if parts is None else Tmpl(parts, value)
            if style == "'":
                return _DROP  # single-quoted template: JSON_FAIL_NOT_HANDLED
        return value  # block scalars (| >) are never templates
    return _DROP  # !!float, !!timestamp and any other tag: nothing is built


def load_layer(text):
    """The JSON value Zowe builds from one YAML document (dict, Tmpl leaves)."""
    events = yaml.parse(text, Loader=_Loader)
    stack = []  # [container, pending key or None]
    root = _DROP
    for ev in events:
        if isinstance(ev, yaml.AliasEvent) or getattr(ev, "anchor", None):
            raise NotModelled("aliases and anchors are not modelled")
        if isinstance(ev, (yaml.StreamStartEvent, yaml.StreamEndEvent,
                           yaml.DocumentStartEvent, yaml.DocumentEndEvent)):
            continue
        if isinstance(ev, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            value = stack.pop()[0]
        elif isinstance(ev, yaml.MappingStartEvent):
            stack.append([{}, None])
            continue
        elif isinstance(ev, yaml.SequenceStartEvent):
            stack.append([[], None])
            continue
        elif isinstance(ev, yaml.ScalarEvent):
            if stack and isinstance(stack[-1][0], dict) and stack[-1][1] is None:
                stack[-1][1] = ev.value  # a key is its raw text, whatever its style
                continue
            value = _scalar(ev.value, ev.tag, ev.style)
        else:  # pragma: no cover
            raise NotModelled("unexpected YAML event %r" % (ev,))
        if not stack:
            root = value
            continue
        top = stack[-1]
        if isinstance(top[0], dict):
            key, top[1] = top[1], None
            if value is not _DROP and key not in top[0]:  # duplicate keys: first wins
                top[0][key] = value
        elif value is not _DROP:
            top[0].append(value)
    if not isinstance(root, dict):
        raise NotModelled("a layer's root is not a mapping")
    return root


# ---------------------------------------------------------------- 2. layers

_TYPE_KEY = "\0type"
_SOURCE_KEY = "\0source"


def _as_object(v):
    """A dict or a template marker seen as the object jsonMerge sees."""
    if isinstance(v, Tmpl):
        d = {_TYPE_KEY: "unevaluated", _SOURCE_KEY: (tuple(v.parts), v.text)}
        d.update(v.extra)
        return d
    return v


def _from_object(d):
    if _TYPE_KEY in d:
        parts, text = d[_SOURCE_KEY]
        extra = {k: v for k, v in d.items() if k not in (_TYPE_KEY, _SOURCE_KEY)}
        return Tmpl(list(parts), text, extra)
    return d


def _is_obj(v):
    return isinstance(v, (dict, Tmpl))


def json_merge(overrides, base):
    """c/json.c mergeJson1 with JSON_MERGE_FLAG_CONCATENATE_ARRAYS (a new value)."""
    if _is_obj(base):
        if not _is_obj(overrides):
            return _copy(overrides)
        b, o = _as_object(base), _as_object(overrides)
        merged = {}
        for k, bv in b.items():  # the base (lower layer) decides the order first
            merged[k] = json_merge(o[k], bv) if k in o else _copy(bv)
        for k, ov in o.items():
            if k not in b:
                merged[k] = _copy(ov)
        return _from_object(merged)
    if isinstance(base, list) and isinstance(overrides, list):
        return [_copy(x) for x in base] + [_copy(x) for x in overrides]
    return _copy(overrides)


def _copy(v):
    if isinstance(v, dict):
        return {k: _copy(x) for k, x in v.items()}
    if isinstance(v, list):
        return [_copy(x) for x in v]
    if isinstance(v, Tmpl):
        return Tmpl(list(v.parts), v.text, _copy(v.extra))
    return v


def merge_layers(layers):
    """overloadConfiguration: layers[0] highest, layers[-1] (the defaults) lowest."""
    config = layers[-1]
    for overlay in reversed(layers[:-1]):
        config = json_merge(overlay, config)
    return config


# ---------------------------------------------------------------- 3. templates

_IDENT = r"[A-Za-z_$][A-Za-z0-9_$]*"
_WS = r"\s*"
_INDEX = r"0|[1-9][0-9]*|'[^'\\\n]*'|\"[^\"\\\n]*\""
_PATH_RE = re.compile(
    r"^{ws}({id})((?:{ws}\.{ws}{id}|{ws}\[{ws}(?:{ix}){ws}\])*){ws}$".format(
        ws=_WS, id=_IDENT, ix=_INDEX))
_STEP_RE = re.compile(
    r"{ws}\.{ws}({id})|{ws}\[{ws}({ix}){ws}\]".format(ws=_WS, id=_IDENT, ix=_INDEX))
_JS_WORDS = {
    "true", "false", "null", "undefined", "NaN", "Infinity", "this", "new", "typeof",
    "void", "delete", "in", "instanceof", "function", "class", "var", "let", "const",
    "if", "else", "return", "globalThis", "arguments", "super", "import", "yield", "await",
}
# Names every object, array, string, number or boolean answers through its prototype.
_PROTO_NAMES = {
    "constructor", "toString", "valueOf", "hasOwnProperty", "isPrototypeOf",
    "propertyIsEnumerable", "toLocaleString", "__proto__", "__defineGetter__",
    "__defineSetter__", "__lookupGetter__", "__lookupSetter__", "length",
}


class _Abstain(Exception):
    """The expression's Zowe value is not claimed: the result is UNKNOWN."""


class _Throw(Exception):
    """The JavaScript expression throws: Zowe leaves the template unevaluated."""


def parse_path(expr):
    """[first, step, ...] for a pure path reference (steps: str names or int indexes)."""
    m = _PATH_RE.match(expr)
    if not m or m.group(1) in _JS_WORDS:
        return None
    steps = [m.group(1)]
    for name, index in _STEP_RE.findall(m.group(2)):
        if name:
            steps.append(name)
        elif index[0] in "'\"":
            steps.append(index[1:-1])
        else:
            steps.append(int(index))
    return steps


def _canonical_index(key):
    return isinstance(key, str) and (key == "0" or re.fullmatch(r"[1-9][0-9]{0,9}", key))


def _get(value, key):
    """JavaScript's value[key] on plain JSON data."""
    if value is _UNDEF or value is None:
        raise _Throw()
    if isinstance(value, Unknown):
        raise _Abstain()
    if isinstance(key, int):
        key_s = str(key)
    else:
        key_s = key
    if isinstance(value, Tmpl):  # the marker object: only keys a merge put there
        if key_s in value.extra:
            return value.extra[key_s]
        if key_s in _PROTO_NAMES or key_s == "source" or key_s.startswith("$"):
            raise _Abstain()
        return _UNDEF
    if isinstance(value, dict):
        if key_s in value:
            return value[key_s]
        if key_s in _PROTO_NAMES:
            raise _Abstain()
        return _UNDEF
    if isinstance(value, list):
        if _canonical_index(key_s):
            i = int(key_s)
            return value[i] if i < len(value) else _UNDEF
        if key_s in _PROTO_NAMES or key_s in _ARRAY_METHODS:
            raise _Abstain()
        return _UNDEF
    if isinstance(value, str):
        if _canonical_index(key_s):
            if not value.isascii():
                raise _Abstain()  # JavaScript indexes UTF-16 code units
            i = int(key_s)
            return value[i] if i < len(value) else _UNDEF
        if key_s in _PROTO_NAMES or key_s in _STRING_METHODS:
            raise _Abstain()
        return _UNDEF
    # numbers and booleans
    if key_s in _PROTO_NAMES or key_s.startswith("to"):
        raise _Abstain()
    return _UNDEF


_ARRAY_METHODS = {
    "at", "concat", "copyWithin", "entries", "every", "fill", "filter", "find", "findIndex",
    "findLast", "findLastIndex", "flat", "flatMap", "forEach", "includes", "indexOf", "join",
    "keys", "lastIndexOf", "map", "pop", "push", "reduce", "reduceRight", "reverse", "shift",
    "slice", "some", "sort", "splice", "unshift", "values", "toReversed", "toSorted",
    "toSpliced", "with",
}
_STRING_METHODS = {
    "at", "charAt", "charCodeAt", "codePointAt", "concat", "endsWith", "includes", "indexOf",
    "lastIndexOf", "localeCompare", "match", "matchAll", "normalize", "padEnd", "padStart",
    "repeat", "replace", "replaceAll", "search", "slice", "split", "startsWith", "substring",
    "substr", "toLowerCase", "toUpperCase", "trim", "trimStart", "trimEnd", "trimLeft",
    "trimRight", "anchor", "big", "blink", "bold", "fixed", "fontcolor", "fontsize",
    "italics", "link", "small", "strike", "sub", "sup", "isWellFormed", "toWellFormed",
    "toLocaleLowerCase", "toLocaleUpperCase",
}


def _resolve(steps, root):
    first = steps[0]
    if first not in root:
        raise _Abstain()  # ReferenceError, or a JavaScript global the model cannot know
    value = root[first]
    for step in steps[1:]:
        value = _get(value, step)
    return value


_INT32 = (-2**31, 2**31 - 1)


def _to_json_result(v):
    """jsToJson1 on a path's value; _UNDEF when Zowe keeps the template unevaluated."""
    if v is _UNDEF:
        return _UNDEF
    if isinstance(v, (Tmpl, Unknown)):
        raise _Abstain()  # a copy of the unevaluated marker
    if isinstance(v, list):
        raise _Abstain()  # JS_IsObject precedes JS_IsArray: an array comes back an object
    if isinstance(v, dict):
        for k, x in v.items():
            if _canonical_index(k):
                raise _Abstain()  # QuickJS lists index-like keys first
            _to_json_result(x)  # abstains on arrays and markers at any depth
        return _copy(v)
    if isinstance(v, bool) or v is None or isinstance(v, str):
        return v
    if isinstance(v, int):
        if not _INT32[0] <= v <= _INT32[1]:
            raise _Abstain()  # a float64 in QuickJS, printed as a double by Zowe
        return v
    raise _Abstain()


def _to_primitive(v):
    if isinstance(v, (Tmpl, Unknown)):
        raise _Abstain()  # reading an unevaluated value
    if isinstance(v, list):
        out = []
        for x in v:
            if x is None or x is _UNDEF:
                out.append("")
            else:
                out.append(_to_string(_to_primitive(x)))
        return ",".join(out)
    if isinstance(v, dict):
        return "[object Object]"  # whatever it holds
    return v


def _to_string(p):
    if p is _UNDEF:
        return "undefined"
    if p is None:
        return "null"
    if p is True:
        return "true"
    if p is False:
        return "false"
    if isinstance(p, int):
        return str(p)
    if isinstance(p, str):
        return p
    raise _Abstain()  # NaN and non-integral numbers: not claimed


def _to_number(p):
    if p is _UNDEF:
        return None  # NaN
    if p is None or p is False:
        return 0
    if p is True:
        return 1
    return p


def _js_add(a, b):
    pa, pb = _to_primitive(a), _to_primitive(b)
    if isinstance(pa, str) or isinstance(pb, str):
        return _to_string(pa) + _to_string(pb)
    na, nb = _to_number(pa), _to_number(pb)
    if na is None or nb is None:
        raise _Abstain()  # NaN
    return na + nb


def eval_template(t, root):
    """The value Zowe puts in place of template t; t itself when it stays unevaluated."""
    try:
        operands = []
        for kind, text in t.parts:
            if kind == "lit":
                operands.append(text)
                continue
            steps = parse_path(text)
            if steps is None:
                raise _Abstain()  # any other JavaScript
            operands.append(_resolve(steps, root))
        if len(operands) == 1:
            result = _to_json_result(operands[0])
            return t if result is _UNDEF else result
        acc = operands[0]
        for op in operands[1:]:
            acc = _js_add(acc, op)
        if isinstance(acc, int) and not isinstance(acc, bool):
            if not _INT32[0] <= acc <= _INT32[1]:
                raise _Abstain()
        return acc
    except _Throw:
        return t
    except _Abstain:
        return Unknown(t.text)


def evaluate(base):
    """evaluateJsonTemplates: visit in document order, replace in place; returns base."""
    stack = [(base, iter(list(base.keys())))]
    while stack:
        container, it = stack[-1]
        k = next(it, _UNDEF)
        if k is _UNDEF:
            stack.pop()
            continue
        v = container[k]
        if isinstance(v, Tmpl):
            container[k] = eval_template(v, base)
        elif isinstance(v, dict):
            stack.append((v, iter(list(v.keys()))))
        elif isinstance(v, list):
            stack.append((v, iter(range(len(v)))))
    return _finish(base)


def _finish(v):
    """Templates still unevaluated at the end are UNKNOWN."""
    if isinstance(v, Tmpl):
        return Unknown(v.text)
    if isinstance(v, dict):
        return {k: _finish(x) for k, x in v.items()}
    if isinstance(v, list):
        return [_finish(x) for x in v]
    return v


# ---------------------------------------------------------------- 4. HA instances


def _js_keys(d):
    """Object.keys order: index-like keys ascending first, then insertion order."""
    idx = sorted((k for k in d if _canonical_index(k)), key=int)
    return idx + [k for k in d if not _canonical_index(k)]


def _js_copy(v):
    if isinstance(v, dict):
        return {k: _js_copy(v[k]) for k in _js_keys(v)}
    if isinstance(v, list):
        return [_js_copy(x) for x in v]
    return v


def ha_merge(overrides, base):
    """ObjUtils.ts Merger.merge with mergeArrays = false."""
    if isinstance(overrides, Unknown):
        return Unknown(overrides.text)
    if isinstance(base, Unknown):
        if isinstance(overrides, (dict, list)):
            return Unknown(base.text)
        return _js_copy(overrides)
    if isinstance(base, list):
        return _js_copy(overrides)
    if isinstance(base, dict):
        if isinstance(overrides, list):
            # isObject() is true for arrays too, so Zowe merges the items into the object
            # as keys "0", "1"...: a result the tool does not claim (it says UNKNOWN)
            return Unknown("")
        if isinstance(overrides, (dict, list)):
            o = overrides if isinstance(overrides, dict) else {
                str(i): x for i, x in enumerate(overrides)}
            result = {}
            for k in _js_keys(base):
                result[k] = ha_merge(o[k], base[k]) if k in o else _js_copy(base[k])
            for k in _js_keys(o):
                if k not in base:
                    result[k] = _js_copy(o[k])
            return {k: result[k] for k in _js_keys(result)}
        return _js_copy(overrides)
    return _js_copy(overrides)


INSTANCE_KEYS_NOT_IN_BASE = ("hostname", "sysname")


def instance_configs(base):
    """[(id or None, config)] as makeHaConfig builds them, in haInstances key order."""
    ha = base.get("haInstances")
    if not isinstance(ha, dict) or not ha:
        if "haInstances" in base and not isinstance(ha, dict):
            raise NotModelled("haInstances is not a mapping")
        return [(None, base)]
    out = []
    for iid in _js_keys(ha):
        inst = ha[iid]
        if inst is None or inst is False or inst == 0 or inst == "":
            out.append((iid, base))  # a falsy instance: makeHaConfig returns the base
            continue
        if not isinstance(inst, dict):
            raise NotModelled("an instance that is not a mapping")
        merged = ha_merge(inst, base)
        for key in INSTANCE_KEYS_NOT_IN_BASE:
            merged.pop(key, None)
        out.append((iid, merged))
    return out


def effective(files_texts, defaults_text):
    """files_texts: highest first (as in CONFIG=FILE(a):FILE(b)); returns instance list."""
    layers = [load_layer(t) for t in files_texts] + [load_layer(defaults_text)]
    base = evaluate(merge_layers(layers))
    return instance_configs(base)


# ---------------------------------------------------------------- output


def to_json(value):
    """Plain JSON data; UNKNOWN printed as the tool prints it: {"$unknown": text}."""
    if isinstance(value, Unknown):
        return {"$unknown": value.text}
    if isinstance(value, dict):
        return {k: to_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [to_json(v) for v in value]
    return value


def main(argv):
    import json
    if len(argv) < 3:
        sys.stderr.write("usage: zowe_model.py DEFAULTS.yaml FILE.yaml [FILE.yaml...]\n")
        return 2
    with open(argv[1], encoding="utf-8") as f:
        defaults = f.read()
    texts = []
    for p in argv[2:]:
        with open(p, encoding="utf-8") as f:
            texts.append(f.read())
    try:
        out = [{"id": i, "config": to_json(c)} for i, c in effective(texts, defaults)]
    except (NotModelled, yaml.YAMLError) as e:
        sys.stderr.write("zowe_model.py: %s\n" % (e,))
        return 2
    json.dump({"instances": out}, sys.stdout, indent=2)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
