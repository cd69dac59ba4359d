#!/usr/bin/env python3
"""Generate Sources/OutboundBotCatalogue/Catalogue+Generated.swift from the official Python SDK.

The source of truth is the PyPI package alibabacloud-outboundbot20191226 at the pinned version
(PINNED_VERSION, the one in Tests/integration/requirements-sdk.txt). The SDK is only read as text
and parsed with `ast`; it is never imported or run.

  client.py                one `<action>_with_options` method per action: the HTTP method, which
                           parameters go to `query` and which to `body`, which are converted with
                           `array_to_string_with_specified_style(..., 'json')` (JSON style), and the
                           GET actions that send `request.to_map()` (every model field in the query).
  models/*_request.py      field types from the `__init__` annotations (str, int, bool, List[...],
                           nested models), wire names from `to_map`, and the required flag from
                           the "This parameter is required." comment, for nested fields too.
  models/*_response_body.py
                           where a list action's items and total count are in the answer.

Integer widths are not in the Python SDK; they come from scripts/catalogue/go-integer-widths.tsv,
extracted from the official Go SDK by extract_go_widths.py. An integer the Go SDK does not know
(an action or field missing there) becomes int64 and is counted (`--counts`).

Usage (from anywhere):
    generate.py [--sdk-dir DIR]            write the Swift file
    generate.py [--sdk-dir DIR] --check    exit 1 with a diff if the committed file differs
    generate.py [--sdk-dir DIR] --counts   print the catalogue's counts (writes nothing)

DIR is the installed package directory, e.g.
build/venv-sdk/lib/python3.11/site-packages/alibabacloud_outboundbot20191226 (its *.dist-info
must sit beside it). Without --sdk-dir the pinned wheel is fetched with
`pip download --no-deps` into a temporary directory and unpacked there.
Only the standard library is used.
"""

from __future__ import annotations

import argparse
import ast
import collections
import difflib
import re
import subprocess
import sys
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

PACKAGE = "alibabacloud-outboundbot20191226"
MODULE = "alibabacloud_outboundbot20191226"
PINNED_VERSION = "2.2.1"

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
OUTPUT = REPO / "Sources" / "OutboundBotCatalogue" / "Catalogue+Generated.swift"
WIDTHS = HERE / "go-integer-widths.tsv"

REQUIRED_MARK = "This parameter is required."

# isReadOnly rule: an action only reads when the verb its name starts with never changes state.
# Describe, List, Get, Query and Search read; Download* and Export* only hand out a URL or the
# text of something that exists (DownloadRecording, DownloadScriptRecording, ExportScript).
# Every other verb may change state and is not read-only, including Dialogue (advances a
# conversation), TaskPreparing, InflightTaskTimeout, RecordFailure (report events) and
# GenerateUploadUrl (issues an upload policy: harmless to repeat, but its verb is a "make" verb,
# so it stays on the safe side).
READ_ONLY_VERBS = ("Describe", "List", "Get", "Query", "Search", "Download", "Export")

# Pagination: request parameter pairs (page number, page size), in order of preference.
PAGE_PAIRS = (("PageNumber", "PageSize"), ("PageIndex", "PageSize"))
TOKEN_PARAMETER = "NextToken"
# Fields of an answer that give the total number of items, in order of preference.
TOTAL_COUNT_NAMES = ("TotalCount", "Total", "RowCount")
# Other fields that sit beside a page's items.
PAGING_FIELDS = ("PageNumber", "PageIndex", "PageSize", "PageCount", "NextToken")


class GenerationError(Exception):
    pass


# ------------------------------------------------------------------------------ SDK location

def find_dist_info(sdk_dir: Path) -> Path:
    candidates = sorted(sdk_dir.parent.glob(MODULE + "-*.dist-info"))
    if len(candidates) != 1:
        raise GenerationError("expected one %s-*.dist-info beside %s, found %d"
                              % (MODULE, sdk_dir, len(candidates)))
    return candidates[0]


def package_version(sdk_dir: Path) -> str:
    metadata = (find_dist_info(sdk_dir) / "METADATA").read_text(encoding="utf-8")
    name = re.search(r"^Name: (.+)$", metadata, re.M)
    version = re.search(r"^Version: (.+)$", metadata, re.M)
    if not name or not version:
        raise GenerationError("no Name/Version in the METADATA beside %s" % sdk_dir)
    if name.group(1).strip().replace("_", "-").lower() != PACKAGE:
        raise GenerationError("%s is %s, not %s" % (sdk_dir, name.group(1).strip(), PACKAGE))
    return version.group(1).strip()


def download_sdk(workdir: Path) -> Path:
    cmd = [sys.executable, "-m", "pip", "download", "--no-deps", "--disable-pip-version-check",
           "-q", "--only-binary", ":all:", "-d", str(workdir), "%s==%s" % (PACKAGE, PINNED_VERSION)]
    res = subprocess.run(cmd, capture_output=True, text=True)
    if res.returncode != 0:
        raise GenerationError("%s failed:\n%s%s" % (" ".join(cmd), res.stdout, res.stderr))
    wheels = list(workdir.glob(MODULE + "-*.whl"))
    if len(wheels) != 1:
        raise GenerationError("pip download left %d wheels in %s" % (len(wheels), workdir))
    with zipfile.ZipFile(wheels[0]) as wheel:
        wheel.extractall(workdir / "unpacked")
    return workdir / "unpacked" / MODULE


# ---------------------------------------------------------------------------------- models

@dataclass
class ModelField:
    attr: str            # the Python attribute
    annotation: ast.expr
    wire: str            # the name on the wire, from to_map
    required: bool


@dataclass
class Model:
    name: str
    fields: list[ModelField]

    def field(self, attr: str) -> ModelField:
        for f in self.fields:
            if f.attr == attr:
                return f
        raise GenerationError("%s has no field %s" % (self.name, attr))


def _is_self_attr(node: ast.AST) -> str | None:
    if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "self":
        return node.attr
    return None


def _wire_names(to_map: ast.FunctionDef) -> dict[str, str]:
    """attr -> wire name: `if self.attr is not None: ... result['Wire'] ...`"""
    names = {}
    for node in ast.walk(to_map):
        if not (isinstance(node, ast.If) and isinstance(node.test, ast.Compare)
                and len(node.test.ops) == 1 and isinstance(node.test.ops[0], ast.IsNot)):
            continue
        attr = _is_self_attr(node.test.left)
        if attr is None:
            continue
        for sub in ast.walk(ast.Module(body=node.body, type_ignores=[])):
            if (isinstance(sub, ast.Subscript) and isinstance(sub.value, ast.Name)
                    and sub.value.id == "result" and isinstance(sub.slice, ast.Constant)):
                names.setdefault(attr, sub.slice.value)
                break
    return names


def parse_models(models_dir: Path) -> dict[str, Model]:
    models: dict[str, Model] = {}
    for path in sorted(models_dir.glob("_*.py")):
        source = path.read_text(encoding="utf-8")
        lines = source.splitlines()
        for cls in ast.parse(source).body:
            if not isinstance(cls, ast.ClassDef):
                continue
            methods = {f.name: f for f in cls.body if isinstance(f, ast.FunctionDef)}
            init = methods.get("__init__")
            if init is None:
                continue
            annotations = {a.arg: a.annotation for a in init.args.args[1:]}
            wires = _wire_names(methods["to_map"]) if "to_map" in methods else {}
            fields = []
            previous_end = init.lineno
            for stmt in init.body:
                attr = None
                if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1:
                    attr = _is_self_attr(stmt.targets[0])
                comment = "\n".join(l.strip() for l in lines[previous_end:stmt.lineno - 1]
                                    if l.strip().startswith("#"))
                previous_end = stmt.end_lineno
                if attr is None or attr not in annotations:
                    continue
                if annotations[attr] is None:
                    raise GenerationError("%s.%s has no annotation" % (cls.name, attr))
                if attr not in wires:
                    raise GenerationError("%s.%s has no wire name in to_map" % (cls.name, attr))
                fields.append(ModelField(attr, annotations[attr], wires[attr], REQUIRED_MARK in comment))
            if cls.name in models:
                raise GenerationError("model %s defined twice" % cls.name)
            models[cls.name] = Model(cls.name, fields)
    return models


# ----------------------------------------------------------------------------------- types
# A type is a tuple: ("string",) ("int", width) ("boolean",) ("list", T) ("object", [(wire, T, required)])

class Widths:
    """Integer widths from go-integer-widths.tsv."""

    def __init__(self, path: Path):
        self.commit = None
        self.go_actions: set[str] = set()
        self.table: dict[tuple[str, str], str] = {}
        self.defaulted: list[tuple[str, str]] = []
        for line in path.read_text(encoding="utf-8").splitlines():
            m = re.match(r"# \S+ commit ([0-9a-f]{40})", line)
            if m:
                self.commit = m.group(1)
            if line.startswith("# go-actions:"):
                self.go_actions = set(line.split(":", 1)[1].split())
            if line.startswith("#") or line.startswith("Action\t") or not line.strip():
                continue
            action, fpath, width = line.split("\t")
            if width not in ("int32", "int64"):
                raise GenerationError("bad width %r in %s" % (width, path))
            self.table[(action, fpath)] = width
        if self.commit is None:
            raise GenerationError("%s names no Go SDK commit" % path)

    def width(self, action: str, fpath: str) -> str:
        width = self.table.get((action, fpath))
        if width is None:
            self.defaulted.append((action, fpath))
            return "int64"
        return width


def resolve_type(node: ast.expr, models: dict[str, Model], widths: Widths, action: str,
                 fpath: str, seen: tuple[str, ...] = ()):
    if isinstance(node, ast.Name):
        if node.id == "str":
            return ("string",)
        if node.id == "bool":
            return ("boolean",)
        if node.id == "int":
            return ("int", widths.width(action, fpath))
    if (isinstance(node, ast.Subscript) and isinstance(node.value, ast.Name)
            and node.value.id == "List"):
        return ("list", resolve_type(node.slice, models, widths, action, fpath, seen))
    if (isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name)
            and node.value.id == "main_models"):
        if node.attr in seen:
            raise GenerationError("recursive model %s in %s" % (node.attr, action))
        model = models.get(node.attr)
        if model is None:
            raise GenerationError("unknown model %s in %s" % (node.attr, action))
        return ("object", [(f.wire, resolve_type(f.annotation, models, widths, action,
                                                 fpath + "." + f.wire, seen + (node.attr,)),
                            f.required) for f in model.fields])
    raise GenerationError("unsupported annotation %s at %s %s" % (ast.unparse(node), action, fpath))


# ---------------------------------------------------------------------------------- client

@dataclass
class Parameter:
    name: str
    type: tuple
    required: bool
    location: str   # query | body
    style: str      # plain | repeatList | json


@dataclass
class Action:
    name: str
    method: str
    read_only: bool
    parameters: list[Parameter] = field(default_factory=list)
    pagination: str | None = None   # Swift expression, or None


def _constant_keywords(call: ast.Call) -> dict[str, object]:
    return {k.arg: k.value.value for k in call.keywords if isinstance(k.value, ast.Constant)}


def _call_name(node: ast.AST) -> str:
    return ast.unparse(node.func) if isinstance(node, ast.Call) else ""


def parse_client(client_py: Path):
    """[(action, method, request model name or None, [(location, wire, attr, shrunk from, style)],
    sends_to_map)] for every *_with_options method."""
    tree = ast.parse(client_py.read_text(encoding="utf-8"))
    client = next(n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == "Client")
    out = []
    for fn in client.body:
        if not (isinstance(fn, ast.FunctionDef) and fn.name.endswith("_with_options")):
            continue
        request_model = None
        for arg in fn.args.args[1:]:
            ann = arg.annotation
            if (isinstance(ann, ast.Attribute) and ann.attr.endswith("Request")
                    and arg.arg in ("request", "tmp_req")):
                request_model = ann.attr
        params_kw = None
        openapi_request_kw = None
        shrink = {}      # shrunk attr -> (original attr, style)
        sent = []        # (location, wire, attr)
        to_map = False
        for node in ast.walk(fn):
            if isinstance(node, ast.Call) and _call_name(node) == "open_api_util_models.Params":
                params_kw = _constant_keywords(node)
            if isinstance(node, ast.Call) and _call_name(node) == "open_api_util_models.OpenApiRequest":
                openapi_request_kw = {k.arg: ast.unparse(k.value) for k in node.keywords}
            if not (isinstance(node, ast.Assign) and len(node.targets) == 1):
                continue
            target, value = node.targets[0], node.value
            if (isinstance(target, ast.Subscript) and isinstance(target.value, ast.Name)
                    and target.value.id in ("query", "body") and isinstance(target.slice, ast.Constant)):
                if not (isinstance(value, ast.Attribute) and isinstance(value.value, ast.Name)
                        and value.value.id == "request"):
                    raise GenerationError("%s: unexpected value %s" % (fn.name, ast.unparse(value)))
                sent.append((target.value.id, target.slice.value, value.attr))
            elif (isinstance(target, ast.Attribute) and ast.unparse(target.value) == "request"
                    and _call_name(value) == "Utils.array_to_string_with_specified_style"):
                source, _wire, style = value.args
                if not (isinstance(source, ast.Attribute) and ast.unparse(source.value) == "tmp_req"):
                    raise GenerationError("%s: unexpected shrink source %s" % (fn.name, ast.unparse(source)))
                if style.value != "json":
                    raise GenerationError("%s: unknown shrink style %r" % (fn.name, style.value))
                shrink[target.attr] = (source.attr, "json")
            elif (isinstance(target, ast.Name) and target.id == "query"
                    and ast.unparse(value) == "Utils.query(request.to_map())"):
                to_map = True
        if params_kw is None:
            raise GenerationError("%s: no Params(...)" % fn.name)
        if (params_kw.get("style"), params_kw.get("pathname"), params_kw.get("version")) != ("RPC", "/", "2019-12-26"):
            raise GenerationError("%s: not an RPC 2019-12-26 call: %r" % (fn.name, params_kw))
        if params_kw.get("req_body_type") != "formData":
            raise GenerationError("%s: request body type %r" % (fn.name, params_kw.get("req_body_type")))
        locations = {loc for loc, _, _ in sent} | ({"query"} if to_map else set())
        passed = set(openapi_request_kw or {})
        if locations != passed:
            raise GenerationError("%s: fills %s but passes %s" % (fn.name, sorted(locations), sorted(passed)))
        if openapi_request_kw:
            expected = {"query": "Utils.query(query)", "body": "Utils.parse_to_map(body)"}
            for key, text in openapi_request_kw.items():
                if expected.get(key) != text:
                    raise GenerationError("%s: OpenApiRequest(%s = %s)" % (fn.name, key, text))
        if (sent or to_map) and request_model is None:
            raise GenerationError("%s: parameters without a request model" % fn.name)
        resolved = []
        for location, wire, attr in sent:
            original, style = shrink.get(attr, (attr, None))
            resolved.append((location, wire, original, style))
        out.append((params_kw["action"], params_kw["method"], request_model, resolved, to_map))
    return out


def default_style(t: tuple) -> str:
    return "plain" if t[0] in ("string", "int", "boolean") else "repeatList"


def build_actions(sdk_dir: Path, widths: Widths) -> tuple[list[Action], list[str]]:
    models = parse_models(sdk_dir / "models")
    warnings = []
    actions = []
    for name, method, request_model, sent, to_map in parse_client(sdk_dir / "client.py"):
        if method not in ("GET", "POST"):
            raise GenerationError("%s: method %s" % (name, method))
        model = models.get(request_model) if request_model else None
        if request_model and model is None:
            raise GenerationError("%s: unknown request model %s" % (name, request_model))
        if to_map:
            sent = sent + [("query", f.wire, f.attr, None) for f in model.fields]
        action = Action(name, method, name.startswith(READ_ONLY_VERBS))
        seen_wires = set()
        for location, wire, attr, style in sent:
            if wire in seen_wires:
                raise GenerationError("%s: parameter %s sent twice" % (name, wire))
            seen_wires.add(wire)
            f = model.field(attr)
            if f.wire != wire:
                warnings.append("%s: %s is %s in the model but sent as %s" % (name, attr, f.wire, wire))
            t = resolve_type(f.annotation, models, widths, name, wire)
            if style == "json" and t[0] not in ("list", "object"):
                raise GenerationError("%s: %s is JSON-converted but is %s" % (name, wire, t[0]))
            action.parameters.append(Parameter(wire, t, f.required, location, style or default_style(t)))
        if model is not None:
            sent_attrs = {attr for _, _, attr, _ in sent}
            for f in model.fields:
                if f.attr not in sent_attrs:
                    warnings.append("%s: model field %s is never sent" % (name, f.wire))
        actions.append(action)
    names = [a.name for a in actions]
    duplicates = [n for n, c in collections.Counter(names).items() if c > 1]
    if duplicates:
        raise GenerationError("actions defined twice: %s" % ", ".join(duplicates))
    actions.sort(key=lambda a: a.name)
    no_items = add_pagination(actions, models)
    return actions, warnings + ["%s has paging parameters but its answer has no items list; "
                              "no pagination" % n for n in no_items]


# ------------------------------------------------------------------------------ pagination

def _response_tree(models: dict[str, Model], model_name: str):
    """[(path, parent path prefix, field, is list, depth)] of every field of the answer, breadth
    first, descending into objects but not into lists."""
    out = []
    queue = collections.deque([(model_name, "", 0)])
    while queue:
        name, prefix, depth = queue.popleft()
        for f in models[name].fields:
            ann = f.annotation
            is_list = (isinstance(ann, ast.Subscript) and isinstance(ann.value, ast.Name)
                       and ann.value.id == "List")
            nested = None
            if isinstance(ann, ast.Attribute) and ann.attr in models:
                nested = ann.attr
            path = prefix + f.wire
            out.append((path, prefix, f, is_list, depth))
            if nested and depth < 8:
                queue.append((nested, path + ".", depth + 1))
    return out


def _words(text: str) -> set[str]:
    """CamelCase words, lower-cased, a plural "s" dropped: "JobGroups.List" -> {job, group, list}."""
    return {w.lower().rstrip("s") or w.lower() for w in re.findall(r"[A-Z][a-z0-9]*", text)}


def find_items(models: dict[str, Model], action: str):
    """(items path, total count path or None) of the list that holds the page's items, or None.

    Every list in the answer (reached through objects, not through other lists) is a candidate;
    the best one, by these criteria in order, wins, and a tie leaves the action without one:
      1. beside it is a paging field (a total count, PageNumber, PageIndex, PageSize, ...);
      2. its path shares a word with the action's name after the verb (SearchTask ->
         SearchTaskInfoList, ListJobGroups -> JobGroups.List, not Labels or VariableNames);
      3. it is a list of objects, not of scalars;
      4. it is the shallowest.
    The total count is a TOTAL_COUNT_NAMES field beside the list.
    """
    body = models.get(action + "ResponseBody")
    if body is None:
        return None
    tree = _response_tree(models, body.name)
    siblings = collections.defaultdict(dict)
    for path, prefix, f, _, _ in tree:
        siblings[prefix][f.wire] = path
    nouns = _words(action) - _words(re.match(r"[A-Z][a-z]*", action).group(0))

    def score(entry):
        path, prefix, f, _, depth = entry
        beside = siblings[prefix]
        paged = any(name in beside for name in TOTAL_COUNT_NAMES + PAGING_FIELDS)
        element = f.annotation.slice
        of_objects = isinstance(element, ast.Attribute)
        return (paged, bool(_words(path) & nouns), of_objects, -depth)

    lists = sorted(((score(e), e) for e in tree if e[3]), key=lambda se: se[0], reverse=True)
    if not lists or (len(lists) > 1 and lists[0][0] == lists[1][0]):
        return None
    best = lists[0][1]
    beside = siblings[best[1]]
    total = next((beside[name] for name in TOTAL_COUNT_NAMES if name in beside), None)
    return best[0], total


def add_pagination(actions: list[Action], models: dict[str, Model]) -> list[str]:
    """Sets Action.pagination; returns the paged actions whose items path was not found."""
    missing = []
    for action in actions:
        names = {p.name for p in action.parameters}
        style = None
        for number, size in PAGE_PAIRS:
            if number in names and size in names:
                style = '.pageNumber(number: "%s", size: "%s")' % (number, size)
                break
        if style is None and TOKEN_PARAMETER in names:
            body = models.get(action.name + "ResponseBody")
            token = None
            if body is not None:
                token = next((path for path, _, f, _, _ in _response_tree(models, body.name)
                              if f.wire == TOKEN_PARAMETER), None)
            if token is None:
                missing.append(action.name)
                continue
            style = '.nextToken(request: "%s", response: "%s")' % (TOKEN_PARAMETER, token)
        if style is None:
            continue
        found = find_items(models, action.name)
        if found is None:
            missing.append(action.name)
            continue
        items, total = found
        total_text = ', totalCount: "%s"' % total if total else ""
        action.pagination = 'Pagination(%s, items: "%s"%s)' % (style, items, total_text)
    return missing


# ------------------------------------------------------------------------------------ Swift

def swift_type(t: tuple, indent: str | None = None) -> str:
    """The ParameterType expression; with `indent`, an object's fields go one per line."""
    kind = t[0]
    if kind in ("string", "boolean"):
        return "." + kind
    if kind == "int":
        return "." + t[1]
    if kind == "list":
        return ".list(%s)" % swift_type(t[1], indent)
    fields = [(name, ft, req) for name, ft, req in t[1]]
    if indent is None:
        return ".object([%s])" % ", ".join(swift_field(f) for f in fields)
    inner = indent + "    "
    return ".object([\n%s%s])" % ("".join("%s%s,\n" % (inner, swift_field(f, inner)) for f in fields),
                                   indent)


def swift_field(f, indent: str | None = None) -> str:
    name, t, required = f
    text = 'FieldSpec("%s", %s' % (name, swift_type(t))
    if indent is not None and len(indent) + len(text) > 110 and _has_object(t):
        text = 'FieldSpec("%s", %s' % (name, swift_type(t, indent))
    return text + (", required: true)" if required else ")")


def _has_object(t: tuple) -> bool:
    return t[0] == "object" or (t[0] == "list" and _has_object(t[1]))


LINE_LIMIT = 120


def swift_parameter(p: Parameter, indent: str) -> str:
    def render(type_text: str) -> str:
        text = 'ParameterSpec("%s", %s' % (p.name, type_text)
        if p.required:
            text += ", required: true"
        if p.location != "query":
            text += ", in: .%s" % p.location
        if p.style != "plain":
            text += ", style: .%s" % p.style
        return text + "),"

    line = render(swift_type(p.type))
    if len(indent) + len(line) > LINE_LIMIT and _has_object(p.type):
        line = render(swift_type(p.type, indent))
    return indent + line


def render_swift(actions: list[Action], widths: Widths) -> str:
    # One `append` statement per action inside a function body, not one array literal: the type
    # checker solves each statement on its own, while a 175-element literal is one expression
    # (measured with swiftc -typecheck: about 9 s for the literal, 0.3 s for the statements).
    out = [
        "// generated by scripts/catalogue/generate.py from %s %s; do not edit"
        % (PACKAGE, PINNED_VERSION),
        "// Integer widths: the official Go SDK (github.com/alibabacloud-go/outboundbot-20191226)",
        "// at %s, via scripts/catalogue/go-integer-widths.tsv." % widths.commit,
        "",
        "extension Catalogue {",
        "    static let generatedActions: [ActionSpec] = makeGeneratedActions()",
        "",
        "    // One statement per action keeps type-checking fast.",
        "    private static func makeGeneratedActions() -> [ActionSpec] {",
        "        var actions: [ActionSpec] = []",
        "        actions.reserveCapacity(%d)" % len(actions),
    ]
    for a in actions:
        head = '        actions.append(ActionSpec("%s", .%s, readOnly: %s, ' % (
            a.name, a.method.lower(), "true" if a.read_only else "false")
        if a.pagination:
            if len(head) + len(a.pagination) + 16 > LINE_LIMIT:
                out.append(head.rstrip())
                head = "            "
            head += "pagination: %s, " % a.pagination
        if not a.parameters:
            out.append(head + "[]))")
            continue
        out.append(head + "[")
        for p in a.parameters:
            out.append(swift_parameter(p, "            "))
        out.append("        ]))")
    out += ["        return actions", "    }", "}", ""]
    return "\n".join(out)


# ----------------------------------------------------------------------------------- counts

def type_name(t: tuple) -> str:
    if t[0] == "int":
        return t[1]
    if t[0] == "list":
        return "list<%s>" % type_name(t[1])
    return t[0]


def counts(actions: list[Action], widths: Widths) -> str:
    params = [p for a in actions for p in a.parameters]
    lines = [
        "actions: %d" % len(actions),
        "parameters: %d" % len(params),
        "required parameters: %d" % sum(p.required for p in params),
    ]

    def tally(title, values):
        c = collections.Counter(values)
        lines.append("%s: %s" % (title, ", ".join("%s %d" % kv for kv in sorted(c.items()))))

    tally("by location", (p.location for p in params))
    tally("by style", (p.style for p in params))
    tally("by type", (type_name(p.type) for p in params))
    tally("by method", (a.method for a in actions))
    lines.append("read-only actions: %d" % sum(a.read_only for a in actions))
    lines.append("paginated actions: %d" % sum(a.pagination is not None for a in actions))
    by_action = collections.defaultdict(list)
    for action, fpath in widths.defaulted:
        by_action[action].append(fpath)
    lines.append("integer widths defaulted to int64 (not in the Go SDK): %d in %d actions"
                 % (len(widths.defaulted), len(by_action)))
    for action in sorted(by_action):
        where = "action missing" if action not in widths.go_actions else "field missing"
        lines.append("    %s (%s): %s" % (action, where, ", ".join(by_action[action])))
    return "\n".join(lines)


# ------------------------------------------------------------------------------------- main

def generate(sdk_dir: Path) -> tuple[str, list[Action], Widths, list[str]]:
    version = package_version(sdk_dir)
    if version != PINNED_VERSION:
        raise GenerationError("%s is version %s; the catalogue is pinned to %s"
                              % (sdk_dir, version, PINNED_VERSION))
    widths = Widths(WIDTHS)
    actions, warnings = build_actions(sdk_dir, widths)
    return render_swift(actions, widths), actions, widths, warnings


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sdk-dir", type=Path, help="installed %s package directory" % MODULE)
    mode = ap.add_mutually_exclusive_group()
    mode.add_argument("--check", action="store_true", help="compare with the committed file")
    mode.add_argument("--counts", action="store_true", help="print counts, write nothing")
    ap.add_argument("--output", type=Path, default=OUTPUT, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    try:
        with tempfile.TemporaryDirectory(prefix="obb-catalogue-") as tmp:
            sdk_dir = args.sdk_dir.resolve() if args.sdk_dir else download_sdk(Path(tmp))
            text, actions, widths, warnings = generate(sdk_dir)
    except GenerationError as exc:
        print("generate.py: error: %s" % exc, file=sys.stderr)
        return 2
    for w in warnings:
        print("generate.py: note: %s" % w, file=sys.stderr)
    if args.counts:
        print(counts(actions, widths))
        return 0
    if args.check:
        current = args.output.read_text(encoding="utf-8") if args.output.exists() else ""
        if current == text:
            print("%s is up to date (%d actions)" % (args.output, len(actions)))
            return 0
        sys.stdout.writelines(difflib.unified_diff(
            current.splitlines(keepends=True), text.splitlines(keepends=True),
            "%s (committed)" % args.output.name, "%s (generated)" % args.output.name))
        print("\n%s differs from what scripts/catalogue/generate.py writes; run it and commit"
              % args.output, file=sys.stderr)
        return 1
    args.output.write_text(text, encoding="utf-8")
    print("wrote %s (%d actions)" % (args.output, len(actions)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
