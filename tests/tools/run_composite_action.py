#!/usr/bin/env python3
"""Runs a composite GitHub Action's steps locally, as the runner would (for the tests).

Usage: run_composite_action.py ACTION_YML WORKSPACE RUNNER_TEMP [NAME=VALUE ...]

Reads ACTION_YML with PyYAML; the inputs are NAME=VALUE arguments over the inputs'
defaults. For each step, in order: its `if:` is evaluated (default success()); a `run:`
step runs under `bash --noprofile --norc -eo pipefail` (GitHub's `shell: bash`) in
WORKSPACE/working-directory, with the step's `env:` and GITHUB_ACTION_PATH (the action's
folder), GITHUB_WORKSPACE, RUNNER_TEMP, GITHUB_PATH, GITHUB_OUTPUT set; folders added to
GITHUB_PATH go before PATH in the later steps; GITHUB_OUTPUT sets steps.ID.outputs. A
`uses:` step is not run: it is printed as `uses: ACTION with: {...}` with its inputs
evaluated, for the caller to check.

Expressions: ${{ X }} in env, with and working-directory; in `if:` the operators ==, !=,
&&, ||, !, parentheses, string literals, always(), success(), failure(), inputs.NAME,
steps.ID.outputs.NAME and steps.ID.outcome. Anything else is an error (exit 3).

Prints one line per step ("step N NAME: ran, exit S" / "skipped" / "uses ...") and exits
with 1 when a step failed (the job would fail), else 0.
"""
import json
import os
import re
import subprocess
import sys
import tempfile

import yaml

TOKEN = re.compile(r"\s*(?:(?P<str>'(?:[^']|'')*')|(?P<op>==|!=|&&|\|\||!|\(|\))|"
                   r"(?P<call>always|success|failure|cancelled)\(\)|"
                   r"(?P<ref>[A-Za-z_][A-Za-z0-9_.-]*))")


class ExprError(Exception):
    pass


class Context:
    def __init__(self, inputs):
        self.inputs = inputs
        self.steps = {}
        self.failed = False

    def ref(self, name):
        parts = name.split(".")
        if parts[0] == "inputs" and len(parts) == 2:
            if parts[1] not in self.inputs:
                raise ExprError(f"unknown input '{parts[1]}'")
            return self.inputs[parts[1]]
        if parts[0] == "steps" and len(parts) == 4 and parts[2] == "outputs":
            return self.steps.get(parts[1], {}).get("outputs", {}).get(parts[3], "")
        if parts[0] == "steps" and len(parts) == 3 and parts[2] == "outcome":
            return self.steps.get(parts[1], {}).get("outcome", "")
        if name in ("true", "false"):
            return name == "true"
        raise ExprError(f"unsupported reference '{name}'")

    def evaluate(self, text):
        """The value of an expression (the text inside ${{ }}, or an if: condition)."""
        toks, pos = [], 0
        text = text.strip()
        while pos < len(text):
            m = TOKEN.match(text, pos)
            if not m or m.end() == pos:
                raise ExprError(f"cannot read '{text[pos:]}' in '{text}'")
            toks.append(m)
            pos = m.end()
        self._toks, self._i = toks, 0
        v = self._or()
        if self._i != len(toks):
            raise ExprError(f"trailing tokens in '{text}'")
        return v

    def _peek(self):
        return self._toks[self._i].group("op") if self._i < len(self._toks) else None

    def _or(self):
        v = self._and()
        while self._peek() == "||":
            self._i += 1
            r = self._and()
            v = v if truthy(v) else r
        return v

    def _and(self):
        v = self._cmp()
        while self._peek() == "&&":
            self._i += 1
            r = self._cmp()
            v = r if truthy(v) else v
        return v

    def _cmp(self):
        v = self._unary()
        while self._peek() in ("==", "!="):
            op = self._peek()
            self._i += 1
            r = self._unary()
            eq = str(v).lower() == str(r).lower() if not isinstance(v, bool) else v == r
            v = eq if op == "==" else not eq
        return v

    def _unary(self):
        if self._peek() == "!":
            self._i += 1
            return not truthy(self._unary())
        if self._peek() == "(":
            self._i += 1
            v = self._or()
            if self._peek() != ")":
                raise ExprError("missing )")
            self._i += 1
            return v
        if self._i >= len(self._toks):
            raise ExprError("unexpected end of expression")
        t = self._toks[self._i]
        self._i += 1
        if t.group("str"):
            return t.group("str")[1:-1].replace("''", "'")
        if t.group("call"):
            return {"always": True, "success": not self.failed, "failure": self.failed,
                    "cancelled": False}[t.group("call")]
        if t.group("ref"):
            return self.ref(t.group("ref"))
        raise ExprError(f"unexpected '{t.group(0)}'")

    def substitute(self, value):
        """VALUE with every ${{ X }} replaced by X's value, as a string."""
        def one(m):
            v = self.evaluate(m.group(1))
            return ("true" if v else "false") if isinstance(v, bool) else str(v)
        return re.sub(r"\$\{\{(.*?)\}\}", one, str(value))


def truthy(v):
    return bool(v) and v != "false" if isinstance(v, str) else bool(v)


def main(argv):
    if len(argv) < 4:
        print(__doc__, file=sys.stderr)
        return 2
    action_yml, workspace, runner_temp = (os.path.abspath(a) for a in argv[1:4])
    action = yaml.safe_load(open(action_yml, encoding="utf-8"))
    if action.get("runs", {}).get("using") != "composite":
        print("not a composite action", file=sys.stderr)
        return 3
    inputs = {k: str((v or {}).get("default", "")) for k, v in (action.get("inputs") or {}).items()}
    for a in argv[4:]:
        k, _, v = a.partition("=")
        if k not in inputs:
            print(f"unknown input '{k}'", file=sys.stderr)
            return 3
        inputs[k] = v
    ctx = Context(inputs)
    os.makedirs(runner_temp, exist_ok=True)
    files = tempfile.mkdtemp(dir=runner_temp, prefix="files.")
    gh_path = os.path.join(files, "path")
    open(gh_path, "w").close()
    path = os.environ.get("PATH", "")
    for n, step in enumerate(action["runs"]["steps"], 1):
        name = step.get("name", step.get("id", f"step {n}"))
        try:
            cond = step.get("if", "success()")
            cond = re.sub(r"^\$\{\{(.*)\}\}$", r"\1", str(cond).strip())
            if not re.search(r"\b(always|success|failure|cancelled)\(\)", cond):
                cond = f"success() && ({cond})"
            if not truthy(ctx.evaluate(cond)):
                print(f"step {n} {name}: skipped")
                continue
            env = {k: ctx.substitute(v) for k, v in (step.get("env") or {}).items()}
            if "uses" in step:
                w = {k: ctx.substitute(v) for k, v in (step.get("with") or {}).items()}
                print(f"step {n} {name}: uses: {step['uses']} with: {json.dumps(w, sort_keys=True)}")
                continue
            wd = os.path.join(workspace, ctx.substitute(step.get("working-directory", ".")))
        except ExprError as e:
            print(f"step {n} {name}: expression error: {e}", file=sys.stderr)
            return 3
        if step.get("shell") != "bash":
            print(f"step {n} {name}: shell is not bash", file=sys.stderr)
            return 3
        out_file = os.path.join(files, f"output.{n}")
        open(out_file, "w").close()
        script = os.path.join(files, f"step.{n}.sh")
        with open(script, "w", encoding="utf-8") as f:
            f.write(step["run"])
        added = [l.strip() for l in open(gh_path, encoding="utf-8") if l.strip()]
        full_env = dict(os.environ, **env, GITHUB_ACTION_PATH=os.path.dirname(action_yml),
                        GITHUB_WORKSPACE=workspace, RUNNER_TEMP=runner_temp,
                        GITHUB_PATH=gh_path, GITHUB_OUTPUT=out_file, GITHUB_ACTIONS="true",
                        PATH=os.pathsep.join(list(reversed(added)) + [path]))
        sys.stdout.flush()
        rc = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", script],
                            cwd=wd, env=full_env).returncode
        outputs = {}
        for line in open(out_file, encoding="utf-8"):
            k, sep, v = line.rstrip("\n").partition("=")
            if sep:
                outputs[k] = v
        if step.get("id"):
            ctx.steps[step["id"]] = {"outputs": outputs, "outcome": "success" if rc == 0 else "failure"}
        if rc != 0:
            ctx.failed = True
        print(f"step {n} {name}: ran, exit {rc}")
    print("job: " + ("failed" if ctx.failed else "succeeded"))
    return 1 if ctx.failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
