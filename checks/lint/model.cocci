// model.cocci: a model of one file, for the rules of races.cocci,
// deadlock.cocci and routines.cocci: what its functions take as
// parameters, the object each expression names, where each thread start
// routine is started and joined, and the locks each function takes and
// releases. No rule of its own: definitions only.
// Needs: shared.cocci (the facts, and what is under a lock), in the same
// run: dodont lint joins every checks/lint/*.cocci into one semantic patch.
// Options: --no-includes --macro-file cocci-macros.h
//
// A thread start routine is a function the file passes to pthread_create
// or thrd_create; it runs in several threads at once when one of its
// starts is in a loop (and not joined in the same iteration), or when two
// starts overlap (the first is not joined, in the text of the same
// function, before the second). An object is named by a root and the
// steps from it: `a->mu` with `a = &accounts[i]` names accounts[].mu; a
// parameter's object is what the callers of the file hand it, or, when
// none does, the struct type it points at (`struct conn.lock`). A lock is
// taken or released by the pthread_mutex, spin, rwlock and mtx calls, or by
// a function of the file that returns holding one or releases one it did
// not take; a lock taken in a branch is not held in its else branch, and a
// release in a branch holds to the end of that branch.

virtual report

@initialize:python@
@@

# the program model: functions, expressions, the objects they name -----------

SH_TYPE_WORDS = set("""void char short int long unsigned signed float double
bool _Bool const volatile struct union enum size_t ssize_t intptr_t
uintptr_t""".split())

def sh_fn_header(file, fn):
    """(parameters, (open, close) of the body) of a function of the file,
    read from the text at its definition; parameters are (name, declared
    text) pairs. None when the text does not read as a definition."""
    key = (file, fn)
    if key in sh_header_cache:
        return sh_header_cache[key]
    sh_header_cache[key] = None
    at = sh_def_pos.get(key)
    if at is None:
        return None
    code, pairs = sh_braces(file)
    ln, col = at[0] - 1, at[1] + len(fn)
    depth, start, text = 0, None, []
    while ln < len(code):
        line = code[ln]
        while col < len(line):
            ch = line[col]
            if start is None:
                if ch == "(":
                    start, depth = (ln, col), 1
                elif not ch.isspace():
                    return None
            elif depth > 0:
                depth += ch == "("
                depth -= ch == ")"
                if depth > 0:
                    text.append(ch)
            elif ch == "{":
                body = [pr for pr in pairs if pr[0] == (ln + 1, col)]
                if not body:
                    return None
                params = []
                for decl in sh_split_args("".join(text)):
                    m = re.search(r"\(\s*\*\s*([A-Za-z_]\w*)\s*\)", decl)
                    if m is None:
                        m = re.search(r"([A-Za-z_]\w*)\s*(\[[^]]*\]\s*)*$", decl)
                    if m and m.group(1) not in SH_TYPE_WORDS:
                        params.append((m.group(1), decl))
                sh_header_cache[key] = (params, body[0])
                return sh_header_cache[key]
            elif not ch.isspace():
                return None
            col += 1
        ln, col = ln + 1, 0
        if depth > 0:
            text.append(" ")
    return None

sh_header_cache = {}

def sh_param_index(file, fn, name):
    h = sh_fn_header(file, fn)
    if h is None:
        return None
    for (i, (n, d)) in enumerate(h[0]):
        if n == name:
            return i
    return None

SH_TOKEN = re.compile(r"\s*(->|\+\+|--|&&|\|\||[A-Za-z_]\w*|0[xX][0-9a-fA-F]+[uUlL]*|\d+(?:\.\d+)?[uUlLfF]*|.)")

def sh_tokens(text):
    """The tokens of an expression; a string or character literal is one
    token, its first character a quote."""
    out, i, n = [], 0, len(text)
    while i < n:
        ch = text[i]
        if ch in (SH_Q, SH_A):
            j = i + 1
            while j < n and text[j] != ch:
                j += 2 if text[j] == chr(92) else 1
            out.append(text[i:j + 1])
            i = j + 1
            continue
        m = SH_TOKEN.match(text, i)
        if not m or m.end() == i:
            break
        if m.group(1).strip():
            out.append(m.group(1))
        i = m.end()
    return out

def sh_is_ident(t):
    return bool(re.match(r"[A-Za-z_]\w*$", t))

def sh_is_cast(toks, i):
    """Is toks[i] == "(" the start of a cast, `(struct s *)`, `(long)`?"""
    j, words, stars = i + 1, [], 0
    while j < len(toks) and toks[j] != ")":
        if sh_is_ident(toks[j]):
            words.append(toks[j])
        elif toks[j] == "*":
            stars += 1
        else:
            return None
        j += 1
    if j >= len(toks) or not words or j + 1 >= len(toks):
        return None
    nxt = toks[j + 1]
    if not (sh_is_ident(nxt) or nxt[0].isdigit() or nxt in ("(", "&", "*", "-") or nxt[0] == SH_Q):
        return None
    typed = stars or any(w in SH_TYPE_WORDS or w.endswith("_t") for w in words)
    return j + 1 if typed or len(words) > 1 else None

def sh_parse(text):
    """A small parser of the expressions that name objects: identifiers,
    &, *, casts, ->, ., [], calls, and + or - of an offset. Anything else
    is ("?",)."""
    toks = sh_tokens(str(text))
    try:
        e, i = sh_p_add(toks, 0)
    except IndexError:
        return ("?",)
    return e if i == len(toks) else ("?",)

def sh_p_add(toks, i):
    e, i = sh_p_unary(toks, i)
    while i < len(toks) and toks[i] in ("+", "-"):
        r, i = sh_p_unary(toks, i + 1)
        e = ("arith", e, r)
    return e, i

def sh_p_unary(toks, i):
    t = toks[i]
    if t == "&":
        e, i = sh_p_unary(toks, i + 1)
        return ("addr", e), i
    if t == "*":
        e, i = sh_p_unary(toks, i + 1)
        return ("deref", e), i
    if t == "(":
        j = sh_is_cast(toks, i)
        if j is not None:
            e, i = sh_p_unary(toks, j)
            return ("cast", e), i
    return sh_p_postfix(toks, i)

def sh_p_postfix(toks, i):
    t = toks[i]
    if t == "(":
        e, i = sh_p_add(toks, i + 1)
        if toks[i] != ")":
            raise IndexError
        i += 1
    elif sh_is_ident(t):
        e, i = ("id", t), i + 1
    elif t[0].isdigit() or t[0] in (SH_Q, SH_A):
        e, i = ("const", t), i + 1
    else:
        raise IndexError
    while i < len(toks):
        t = toks[i]
        if t in ("->", ".") and i + 1 < len(toks) and sh_is_ident(toks[i + 1]):
            e, i = ("field", e, toks[i + 1], t == "->"), i + 2
        elif t == "[":
            depth, j = 1, i + 1
            while depth:
                depth += toks[j] == "["
                depth -= toks[j] == "]"
                j += 1
            e, i = ("index", e, " ".join(toks[i + 1:j - 1])), j
        elif t == "(" and e[0] == "id":
            depth, j = 1, i + 1
            while depth:
                depth += toks[j] == "("
                depth -= toks[j] == ")"
                j += 1
            e, i = ("call", e[1], sh_split_args(" ".join(toks[i + 1:j - 1]))), j
        else:
            break
    return e, i

# Objects are named by a root and the steps from it: ("g", name) a variable
# of file scope, ("l", function, name) a local, ("p", function, number) the
# object a parameter points at; steps are field names, "[]" (an element of
# an array) and "*" (what a pointer held there points at).

def sh_is_local(file, fn, v):
    return (file, fn, v) in sh_locals

def sh_bound(file, fn, v):
    """The one value a local is given (initialised or assigned), or None."""
    b = sh_binds.get((file, fn, v), [])
    return b[0][1] if len(b) == 1 else None

def sh_returns_param(file, fn):
    """The number of the parameter a function of the file returns on every
    return (`return b;`), or None."""
    h = sh_fn_header(file, fn)
    if h is None:
        return None
    code, pairs = sh_braces(file)
    (o, c) = h[1]
    text = "\n".join(code[o[0] - 1:c[0]])
    rets = re.findall(r"\breturn\b([^;]*);", text)
    names = set(r.strip().strip("()").strip() for r in rets)
    if len(names) != 1:
        return None
    return sh_param_index(file, fn, names.pop())

def sh_lval(file, fn, e, depth=0):
    """The object an lvalue expression names, or None."""
    if depth > 24:
        return None
    k = e[0]
    if k == "id":
        v = e[1]
        if sh_param_index(file, fn, v) is not None or sh_is_local(file, fn, v):
            return ("l", fn, v), ()
        if (file, v) in sh_globals:
            return ("g", v), ()
        return None
    if k == "field":
        base = sh_ptee(file, fn, e[1], depth + 1) if e[3] else sh_lval(file, fn, e[1], depth + 1)
        return None if base is None else (base[0], base[1] + (e[2],))
    if k == "index":
        base = sh_ptee(file, fn, e[1], depth + 1)
        return None if base is None else (base[0], base[1] + ("[]",))
    if k == "deref":
        return sh_ptee(file, fn, e[1], depth + 1)
    if k == "cast":
        return sh_lval(file, fn, e[1], depth + 1)
    return None

def sh_ptee(file, fn, e, depth=0):
    """The object a pointer expression points at, or None."""
    if depth > 24:
        return None
    k = e[0]
    if k == "addr":
        return sh_lval(file, fn, e[1], depth + 1)
    if k == "cast":
        return sh_ptee(file, fn, e[1], depth + 1)
    if k == "arith":
        base = sh_ptee(file, fn, e[1], depth + 1)
        return None if base is None else (base[0], base[1] + ("[]",))
    if k == "id":
        v = e[1]
        i = sh_param_index(file, fn, v)
        if i is not None and not sh_binds.get((file, fn, v)):
            return ("p", fn, i), ()
        if sh_is_local(file, fn, v):
            val = sh_bound(file, fn, v)
            if val is not None:
                r = sh_ptee(file, fn, sh_parse(val), depth + 1)
                if r is not None:
                    return r
            return ("l", fn, v), ("*",)
        if (file, v) in sh_globals:
            return ("g", v), ("*",)
        return None
    if k in ("field", "index"):
        base = sh_lval(file, fn, e, depth + 1)
        return None if base is None else (base[0], base[1] + ("*",))
    if k == "call" and (file, e[1]) in sh_defs:
        i = sh_returns_param(file, e[1])
        if i is not None and i < len(e[2]):
            return sh_ptee(file, fn, sh_parse(e[2][i]), depth + 1)
    return None

def sh_if_condition(text):
    """The condition of the `if (...)` that text ends with, or None."""
    t = text.rstrip()
    if not t.endswith(")"):
        return None
    depth, i = 0, len(t) - 1
    while i >= 0:
        depth += t[i] == ")"
        depth -= t[i] == "("
        if depth == 0:
            break
        i -= 1
    if i < 0 or not re.search(r"\bif\s*$", t[:i]):
        return None
    return t[i + 1:-1]

# threads: where each start routine is started, and until when ---------------

def sh_handle_name(text):
    t = re.sub(r"\[[^]]*\]", "[]", str(text).replace(" ", ""))
    return t.lstrip("&")

def sh_start_sites():
    """Every pthread_create and thrd_create of a start routine of the file:
    dicts of file, fn (the creator), at, routine, arg (text), handle,
    loops (around the call), until (where it is joined, or None)."""
    sites = []
    for (c, pc) in sh_calls:
        args = sh_call_args.get(sh_key(pc), [])
        if c == "pthread_create" and len(args) == 4:
            h, r, a = args[0], args[2], args[3]
        elif c == "thrd_create" and len(args) == 3:
            h, r, a = args[0], args[1], args[2]
        else:
            continue
        re_ = sh_parse(r)
        while re_[0] in ("cast", "addr"):
            re_ = re_[1]
        if re_[0] != "id":
            continue
        at = (int(pc.line), int(pc.column))
        sites.append({"file": pc.file, "fn": pc.current_element, "at": at, "pos": pc,
                      "routine": re_[1], "arg": a, "handle": sh_handle_name(h),
                      "loops": sh_loops_around(pc.file, pc.current_element, at)})
    for s in sites:
        s["until"] = None
        for (c, pc) in sorted(sh_calls, key=lambda x: sh_key(x[1])):
            if c not in ("pthread_join", "thrd_join") or pc.file != s["file"] or pc.current_element != s["fn"]:
                continue
            at = (int(pc.line), int(pc.column))
            args = sh_call_args.get(sh_key(pc), [])
            if at > s["at"] and args and sh_handle_name(args[0]) == s["handle"]:
                s["until"] = at
                break
        # joined in the iteration that started it: one at a time
        s["each"] = bool(s["loops"]) and not (s["until"] is not None and s["until"] <= s["loops"][-1][1])
        s["from"] = s["loops"][0][0] if s["each"] else s["at"]
    return sites


def sh_overlap(a, b):
    if a["file"] != b["file"]:
        return False
    if a["fn"] != b["fn"]:
        return True
    first, second = (a, b) if a["from"] <= b["from"] else (b, a)
    return first["until"] is None or first["until"] > second["from"]

def sh_many(file, r):
    """Is start routine r run by more than one thread at a time?"""
    mine = [s for s in sh_sites if s["file"] == file and s["routine"] == r]
    if any(s["each"] for s in mine):
        return True
    return any(sh_overlap(a, b) for a in mine for b in mine if a is not b)

sh_reach_memo = {}

def sh_reach(file, r):
    """Functions of the file that r runs with no lock held: r, and what it
    calls (transitively) from places that hold none: {function: [call
    positions that lead there]}. (Read after sh_prepare.)"""
    if (file, r) in sh_reach_memo:
        return sh_reach_memo[(file, r)]
    out, todo = {r: []}, [r]
    sh_reach_memo[(file, r)] = out
    while todo:
        fn = todo.pop()
        if (file, fn) in sh_entered:
            continue
        for (c, pc) in sh_calls:
            if pc.file != file or pc.current_element != fn or (file, c) not in sh_defs:
                continue
            if sh_key(pc) in sh_held:
                continue
            if c not in out:
                out[c] = []
                todo.append(c)
            out[c].append(pc)
    return out

# locks: what each function takes and releases, and their names ------------

def sh_lock_held_at(p):
    """Is a lock (any call named like one) held at p, read from the text of
    its function in order, as sh_mark_held reads it?"""
    at = (int(p.line), int(p.column))
    held = []
    evs = [((int(q.line), int(q.column)), 0, a) for (q, a) in sh_locks
           if q.file == p.file and q.current_element == p.current_element]
    evs += [((int(q.line), int(q.column)), 1, a) for (q, a) in sh_unlocks
            if q.file == p.file and q.current_element == p.current_element and not sh_in_branch(q)]
    for (w, kind, a) in sorted(evs):
        if w >= at:
            break
        if kind == 0:
            held.append(a)
        elif a in held:
            held.remove(a)
    return bool(held) or sh_key(p) in sh_held

def sh_lock_names_at(p):
    """The last names of the locks held at p (`&d->link_lock` is
    link_lock), read from the text of its function in order."""
    at = (int(p.line), int(p.column))
    held = []
    evs = [((int(q.line), int(q.column)), 0, a) for (q, a) in sh_locks
           if q.file == p.file and q.current_element == p.current_element]
    evs += [((int(q.line), int(q.column)), 1, a) for (q, a) in sh_unlocks
            if q.file == p.file and q.current_element == p.current_element and not sh_in_branch(q)]
    for (w, kind, a) in sorted(evs):
        if w >= at:
            break
        if kind == 0:
            held.append(a)
        elif a in held:
            held.remove(a)
    return set(re.findall(r"[A-Za-z_]\w*", a)[-1] for a in held if re.findall(r"[A-Za-z_]\w*", a))

def sh_fn_text(file, fn, start=None, end=None):
    """The code of fn (comments blanked) from start to end, as one string
    with the position of its first character."""
    h = sh_fn_header(file, fn)
    if h is None:
        return ("", (0, 0))
    code, pairs = sh_braces(file)
    (o, c) = h[1]
    lo = max(o, start) if start else o
    hi = min(c, end) if end else c
    lines = code[lo[0] - 1:hi[0]]
    if not lines:
        return ("", lo)
    lines = list(lines)
    lines[-1] = lines[-1][:hi[1]] if len(lines) > 1 else lines[-1][:hi[1]]
    lines[0] = " " * lo[1] + lines[0][lo[1]:]
    return ("\n".join(lines), lo)

SH_ACQUIRE = {"pthread_mutex_lock": "lock", "pthread_spin_lock": "lock", "mtx_lock": "lock",
              "pthread_rwlock_wrlock": "lock", "pthread_rwlock_rdlock": "read",
              "pthread_mutex_trylock": "try", "pthread_mutex_timedlock": "try",
              "pthread_mutex_clocklock": "try", "pthread_rwlock_tryrdlock": "try",
              "pthread_rwlock_trywrlock": "try", "pthread_rwlock_timedrdlock": "try",
              "pthread_rwlock_timedwrlock": "try", "pthread_spin_trylock": "try",
              "mtx_trylock": "try", "mtx_timedlock": "try"}
SH_RELEASE = set("pthread_mutex_unlock pthread_spin_unlock mtx_unlock pthread_rwlock_unlock".split())

def sh_release_reach(p):
    """Until where a release at p holds: the end of its function, or of
    the branch it is in (an early exit), or nowhere after it (a release
    that a bare `if` guards)."""
    code, pairs = sh_braces(p.file)
    at = (int(p.line), int(p.column))
    if sh_ends_with_if(sh_before(code, at)):
        return at
    inner = None
    for (o, c) in pairs:
        if o < at < c and (inner is None or o > inner[0]):
            inner = (o, c)
    if inner is not None and sh_ends_with_if(sh_before(code, inner[0])):
        return inner[1]
    return (10 ** 9, 0)

def sh_lock_events(file, fn, stack=()):
    """The locks fn takes and releases and the functions of the file it
    calls, in the order of the text: (at, what, kind or callee, object,
    position, reach of a release)."""
    evs = []
    for (c, pc) in sh_calls:
        if pc.file != file or pc.current_element != fn:
            continue
        at = (int(pc.line), int(pc.column))
        if c in SH_ACQUIRE or c in SH_RELEASE:
            args = sh_call_args.get(sh_key(pc), [])
            obj = sh_ptee(file, fn, sh_parse(args[0])) if args else None
            if obj is None:
                continue
            if c in SH_RELEASE:
                evs.append((at, "rel", None, obj, pc, sh_release_reach(pc)))
            else:
                evs.append((at, "acq", SH_ACQUIRE[c], obj, pc, None))
        elif (file, c) in sh_defs and c != fn:
            evs.append((at, "call", c, None, pc, None))
            # a wrapper that returns holding a lock, or releases one it
            # did not take, does so at the call
            (takes, releases) = sh_lock_net(file, c, stack + (fn,))
            for d in takes:
                evs.append((at, "acq", "lock", sh_instance(d, file, fn, pc, c), pc, None))
            for d in releases:
                evs.append((at, "rel", None, sh_instance(d, file, fn, pc, c), pc, sh_release_reach(pc)))
    return sorted(evs, key=lambda e: e[0])

sh_net_memo = {}

def sh_lock_net(file, fn, stack=()):
    """What fn leaves changed: the locks it returns holding (taken, not
    released after), and those it releases and did not take."""
    key = (file, fn)
    if key in sh_net_memo:
        return sh_net_memo[key]
    if fn in stack or len(stack) > 6:
        return ([], [])
    evs = sh_lock_events(file, fn, stack)
    end = (10 ** 9, 0)
    takes = [obj for (at, what, k, obj, p, r) in evs if what == "acq" and k != "try"
             and obj in sh_held_at(evs, end)]
    releases = []
    for (at, what, k, obj, p, r) in evs:
        if what == "rel" and r == end and not any(w == "acq" and o == obj and a < at
                                                   for (a, w, kk, o, pp, rr) in evs):
            releases.append(obj)
    sh_net_memo[key] = (takes, releases)
    return sh_net_memo[key]

def sh_next_token(code, pos):
    """(position, text) of the first non-blank character at or after pos."""
    (ln, col) = pos
    while ln <= len(code):
        line = code[ln - 1]
        while col < len(line):
            if not line[col].isspace():
                return ((ln, col), line[col:])
            col += 1
        ln, col = ln + 1, 0
    return None

def sh_else_end(file, c):
    """Where the else branches that follow the block closed at c end
    (`} else if (...) { } else { }`), or None when no else follows."""
    code, pairs = sh_braces(file)
    nxt = sh_next_token(code, (c[0], c[1] + 1))
    if nxt is None or not re.match(r"else\b", nxt[1]):
        return None
    end = None
    at = (nxt[0][0], nxt[0][1] + 4)
    while True:
        tok = sh_next_token(code, at)
        if tok is None:
            return end
        if tok[1].startswith("{") or re.match(r"if\b", tok[1]):
            block = min((pr for pr in pairs if pr[0] >= tok[0]), default=None)
            if block is None:
                return end
            end = block[1]
            more = sh_next_token(code, (end[0], end[1] + 1))
            if more is None or not re.match(r"else\b", more[1]):
                return end
            at = (more[0][0], more[0][1] + 4)
        else:
            # an unbraced else: its statement ends at the next semicolon
            (ln, col) = tok[0]
            while ln <= len(code):
                k = code[ln - 1].find(";", col)
                if k >= 0:
                    return (ln, k)
                ln, col = ln + 1, 0
            return end

sh_blind_memo = {}

def sh_blind(file, at):
    """The spans after a take at `at` that do not see it: the else branches
    of each if whose branch the take is in (`if (a < b) { lock(a); lock(b);
    } else { lock(b); lock(a); }` takes one order or the other)."""
    key = (file, at)
    if key in sh_blind_memo:
        return sh_blind_memo[key]
    code, pairs = sh_braces(file)
    out = []
    for (o, c) in pairs:
        if o < at < c:
            end = sh_else_end(file, c)
            if end is not None:
                out.append((c, end))
    sh_blind_memo[key] = out
    return out

def sh_held_at(evs, at):
    """The objects locked before at and not released on the way."""
    held = []
    for (a, what, kind, obj, p, reach) in evs:
        if a >= at:
            break
        if what == "acq":
            if any(lo < at <= hi for (lo, hi) in sh_blind(p.file, a)):
                continue
            held = [h for h in held if h != obj] + [obj]
        elif what == "rel" and reach >= at:
            held = [h for h in held if h != obj]
    return held

def sh_instance(d, file, fn, pc, callee):
    """Object d named in callee, named in fn, which calls callee at pc."""
    (root, path) = d
    if root[0] != "p" or root[1] != callee:
        return d
    args = sh_call_args.get(sh_key(pc), [])
    if root[2] >= len(args):
        return d
    base = sh_ptee(file, fn, sh_parse(args[root[2]]))
    return d if base is None else (base[0], base[1] + path)

sh_lock_memo = {}

def sh_lock_summary(file, fn, stack=()):
    """(taken, edges) of fn, also through the functions it calls: taken
    [(object, kind, position, chain)], edges [(held object, object taken,
    kind, position, every object held, chain)], chain the functions
    called on the way."""
    key = (file, fn)
    if key in sh_lock_memo:
        return sh_lock_memo[key]
    if fn in stack or len(stack) > 6:
        return ([], [])
    evs = sh_lock_events(file, fn, stack)
    taken, edges = [], []
    for (at, what, kind, obj, pc, reach) in evs:
        if what == "acq":
            held = sh_held_at(evs, at)
            for h in held:
                if h != obj:
                    edges.append((h, obj, kind, pc, tuple(held), ()))
            taken.append((obj, kind, pc, ()))
        elif what == "call":
            (gt, ge) = sh_lock_summary(file, kind, stack + (fn,))
            if not gt and not ge:
                continue
            held = sh_held_at(evs, at)
            inst = lambda d: sh_instance(d, file, fn, pc, kind)
            for (d, k, p, chain) in gt:
                d2 = inst(d)
                for h in held:
                    if h != d2:
                        edges.append((h, d2, k, p, tuple(held), (kind,) + chain))
                taken.append((d2, k, p, (kind,) + chain))
            for (h1, d1, k, p, hs, chain) in ge:
                edges.append((inst(h1), inst(d1), k, p, tuple(inst(x) for x in hs) + tuple(held),
                              (kind,) + chain))
    # a function that takes two locks in one order in a branch and in the
    # other order in its else branch chooses the order by a test (`if (a <
    # b)`, by address or by id): an ordering discipline, not a cycle
    mine = [e for e in edges if not e[5]]
    chosen = set()
    for e in mine:
        for f in mine:
            if e[0] == f[1] and e[1] == f[0] and any(lo < sh_key(f[3])[1:] <= hi
                                                     for (lo, hi) in sh_blind(file, sh_key(e[3])[1:])):
                chosen.add((e[0], e[1]))
                chosen.add((f[0], f[1]))
    edges = [e for e in edges if e[5] or (e[0], e[1]) not in chosen]
    sh_lock_memo[key] = (taken, edges)
    return sh_lock_memo[key]

def sh_type_name(file, decl):
    """The struct or typedef name a declaration is of: `struct pool *p` -> pool."""
    words = [w for w in re.findall(r"[A-Za-z_]\w*", decl)
             if w not in ("struct", "union", "const", "volatile", "restrict", "static", "register")]
    return words[0] if len(words) >= 2 else None

def sh_field_type(file, t, fld):
    for name in (t, sh_typedefs.get((file, t))):
        if name and (file, name, fld) in sh_fields:
            return sh_fields[(file, name, fld)][0]
    for ((f, tdef), tag) in sh_typedefs.items():
        if f == file and tag == t and (file, tdef, fld) in sh_fields:
            return sh_fields[(file, tdef, fld)][0]
    return sh_text_fields(file).get((t, fld))

sh_text_fields_memo = {}

def sh_text_fields(file):
    """(struct tag, field) -> declared type, read from the text of the
    file and of the headers it includes with quotes from its directory
    (Coccinelle is run without includes): `struct pool { struct conn
    conns[4]; ... }` gives (pool, conns) -> `struct conn`."""
    if file in sh_text_fields_memo:
        return sh_text_fields_memo[file]
    out = {}
    paths = [file]
    for line in sh_lines(file):
        m = re.match(r"\s*#\s*include\s*" + SH_Q + r"([^" + SH_Q + r"]+)" + SH_Q, line)
        if m:
            paths.append(os.path.join(os.path.dirname(file), m.group(1)))
    for path in paths:
        code = "\n".join(sh_code(path)) if os.path.exists(path) else ""
        for m in re.finditer(r"\bstruct\s+([A-Za-z_]\w*)\s*\{([^{}]*)\}", code):
            for decl in m.group(2).split(";"):
                d = re.sub(r"\[[^]]*\]", "", decl).strip()
                f = re.search(r"([A-Za-z_]\w*)\s*(:\s*\d+)?$", d)
                if f and "(" not in d:
                    out[(m.group(1), f.group(1))] = d[:f.start(1)].strip()
    sh_text_fields_memo[file] = out
    return out

def sh_canonical(t, file):
    """One name for a struct whether named by tag or typedef."""
    return sh_typedefs.get((file, t), t)

def sh_param_type(file, fn, k):
    """The struct a parameter points at: its declared type, or for a
    `void *` the type of the local that takes its value (`struct settings
    *s = arg;`)."""
    h = sh_fn_header(file, fn)
    if h is None or k >= len(h[0]):
        return None
    (name, decl) = h[0][k]
    t = sh_type_name(file, decl)
    if t != "void":
        return t
    for ((f, g, v), lst) in sh_binds.items():
        if f != file or g != fn or len(lst) != 1:
            continue
        e = sh_parse(lst[0][1])
        while e[0] == "cast":
            e = e[1]
        if e == ("id", name) and (file, fn, v) in sh_local_pos:
            m = re.search(r"([A-Za-z_][\w\s]*?)\s*\*\s*%s\b" % re.escape(v), sh_line(file, sh_local_pos[(file, fn, v)][0]))
            if m:
                return sh_type_name(file, m.group(1) + " x")
    return None

def sh_lock_name(d, file):
    """A lock named by the variable it is in (`journal.mu`,
    `accounts[].mu`), or, reached through a parameter, by its class: the
    struct type that holds it and its field (`struct conn.lock`)."""
    (root, path) = d
    steps = "".join(s if s in ("[]",) else ("." + s if s != "*" else "") for s in path)
    if root[0] == "g":
        return root[1] + steps
    if root[0] == "l":
        return "%s:%s%s" % (root[1], root[2], steps)
    t = sh_param_type(file, root[1], root[2])
    fields = [s for s in path if s not in ("*", "[]")]
    if t is None or not fields:
        return None
    for f in fields[:-1]:
        ft = sh_field_type(file, t, f)
        if ft is None:
            return None
        t = sh_type_name(file, str(ft) + " x")
        if t is None:
            return None
    return "struct %s.%s" % (sh_canonical(t, file), fields[-1])
