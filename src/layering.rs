//! The layering of the crate, checked against its sources: the layer table of
//! `docs/architecture.md` and its rules (no use of a higher layer, no engine using the other, `crt/`
//! self-contained, the C API over the public API only, no circle of modules).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// One source file: its module path (`engine/crt/upload`, `runtime` for `runtime/mod.rs`) and the
/// module paths it refers to through `crate::` and `super::`.
struct Source {
    module: Vec<String>,
    uses: BTreeSet<Vec<String>>,
}

fn src_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// The layers, top first, from the ```layers block of docs/architecture.md.
fn layers() -> Vec<Vec<String>> {
    let doc = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/architecture.md")).expect("docs/architecture.md");
    let block = doc.split("```layers\n").nth(1).and_then(|b| b.split("```").next()).expect("a ```layers block");
    block
        .lines()
        .filter(|l| !l.trim().is_empty())
        // Module names come first on each line, then two or more spaces and the description.
        .map(|l| l.split("  ").next().unwrap_or("").split_whitespace().map(str::to_owned).collect())
        .collect()
}

/// Every .rs file under src/ but the binary's and the generated bindings, with its module path.
fn sources() -> Vec<(PathBuf, Vec<String>)> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        for e in std::fs::read_dir(dir).expect("read src") {
            let p = e.expect("entry").path();
            if p.is_dir() {
                walk(&p, out);
            } else if p.extension().is_some_and(|x| x == "rs") {
                out.push(p);
            }
        }
    }
    let root = src_dir();
    let mut files = Vec::new();
    walk(&root, &mut files);
    files.sort();
    files
        .into_iter()
        .filter_map(|p| {
            let rel = p.strip_prefix(&root).ok()?.to_string_lossy().into_owned();
            if rel.starts_with("bin/") || rel == "crt/sys/bindings.rs" || rel == "lib.rs" || rel == "layering.rs" {
                return None;
            }
            let mut module: Vec<String> = rel.trim_end_matches(".rs").split('/').map(str::to_owned).collect();
            if module.last().is_some_and(|m| m == "mod") {
                module.pop();
            }
            Some((p, module))
        })
        .collect()
}

/// The code of a file without comments (doc links are not uses) and without string literals.
fn code_of(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.lines() {
        let mut in_str = false;
        let mut prev = ' ';
        let mut kept = String::new();
        let chars: Vec<char> = line.chars().collect();
        let mut i = 0;
        while i < chars.len() {
            let c = chars[i];
            if in_str {
                if c == '"' && prev != '\\' {
                    in_str = false;
                }
            } else if c == '\'' && chars.get(i + 1) == Some(&'"') && chars.get(i + 2) == Some(&'\'') {
                i += 3; // the char literal '"'
                continue;
            } else if c == '"' {
                in_str = true;
            } else if c == '/' && chars.get(i + 1) == Some(&'/') {
                break;
            } else {
                kept.push(c);
            }
            prev = if prev == '\\' && c == '\\' { ' ' } else { c };
            i += 1;
        }
        out.push_str(&kept);
        out.push('\n');
    }
    out
}

/// The module paths named after each `crate::` or `super::` in `code` (groups `{a, b::c}`
/// expanded), resolved against the file's own `module`.
fn uses_of(code: &str, module: &[String]) -> BTreeSet<Vec<String>> {
    let mut out = BTreeSet::new();
    let bytes = code.as_bytes();
    let mut i = 0;
    while i < code.len() {
        let rest = &code[i..];
        let starts = |p: &str| rest.starts_with(p) && (i == 0 || !is_ident_byte(bytes[i - 1]));
        let (base, skip): (Vec<String>, usize) = if starts("crate::") {
            (Vec::new(), "crate::".len())
        } else if starts("super::") {
            // Each `super` climbs one level from the file's module (a mod.rs is its directory's
            // module, any other file a module of its own).
            let mut levels = 0;
            let mut r = rest;
            while let Some(t) = r.strip_prefix("super::") {
                levels += 1;
                r = t;
            }
            (module[..module.len().saturating_sub(levels)].to_vec(), rest.len() - r.len())
        } else {
            i += 1;
            continue;
        };
        for path in paths(&rest[skip..]) {
            let mut full = base.clone();
            full.extend(path);
            out.insert(full);
        }
        i += skip;
    }
    out
}

/// The paths at the start of `s`: `a::b::C` is one, `a::{b, c::d}` two (`self` in a group is `a`).
fn paths(s: &str) -> Vec<Vec<String>> {
    let s = s.trim_start();
    if let Some(group) = s.strip_prefix('{') {
        let mut depth = 0;
        let mut items = Vec::new();
        let mut start = 0;
        for (i, c) in group.char_indices() {
            match c {
                '{' => depth += 1,
                '}' if depth == 0 => {
                    items.push(&group[start..i]);
                    break;
                }
                '}' => depth -= 1,
                ',' if depth == 0 => {
                    items.push(&group[start..i]);
                    start = i + 1;
                }
                _ => {}
            }
        }
        return items
            .into_iter()
            .flat_map(|item| paths(item).into_iter().map(|p| p.into_iter().filter(|seg| seg != "self").collect()))
            .collect();
    }
    let ident_len = s.bytes().take_while(|&b| is_ident_byte(b)).count();
    if ident_len == 0 {
        return vec![Vec::new()];
    }
    let head = s[..ident_len].to_owned();
    match s[ident_len..].strip_prefix("::") {
        Some(tail) => paths(tail)
            .into_iter()
            .map(|mut p| {
                p.insert(0, head.clone());
                p
            })
            .collect(),
        None => vec![vec![head]],
    }
}

fn is_ident_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

fn read_sources() -> Vec<Source> {
    sources()
        .into_iter()
        .map(|(path, module)| {
            let text = std::fs::read_to_string(&path).expect("read source");
            let uses = uses_of(&code_of(&text), &module);
            Source { module, uses }
        })
        .collect()
}

/// The names `lib.rs` makes public: re-exported items and public modules.
fn public_api() -> BTreeSet<String> {
    let lib = std::fs::read_to_string(src_dir().join("lib.rs")).expect("lib.rs");
    let code = code_of(&lib);
    let mut names = BTreeSet::new();
    for stmt in code.split(';') {
        let s = stmt.trim();
        let s = s.rsplit('\n').next().unwrap_or(s).trim();
        if let Some(m) = s.strip_prefix("pub mod ") {
            names.insert(m.trim().to_owned());
        } else if let Some(u) = s.strip_prefix("pub use ") {
            let inner = u.split("::").skip(1).collect::<Vec<_>>().join("::");
            let inner = inner.trim_start_matches('{').trim_end_matches('}');
            names.extend(inner.split(',').map(|n| n.trim().to_owned()).filter(|n| !n.is_empty()));
        }
    }
    names
}

#[test]
fn modules_use_only_their_own_layer_and_those_below() {
    let layers = layers();
    let rank: BTreeMap<String, usize> = layers.iter().enumerate().flat_map(|(i, l)| l.iter().map(move |m| (m.clone(), i))).collect();
    let sources = read_sources();
    let tops: BTreeSet<&str> = sources.iter().map(|s| s.module[0].as_str()).collect();
    for top in &tops {
        assert!(rank.contains_key(*top), "src/{top} is in no layer of docs/architecture.md");
    }
    let public = public_api();
    let mut broken = Vec::new();
    for s in &sources {
        let from = s.module.join("/");
        let from_rank = rank[&s.module[0]];
        for used in &s.uses {
            let Some(top) = used.first() else { continue };
            let Some(&to_rank) = rank.get(top) else { continue }; // a root item (`crate::Result`)
            if to_rank < from_rank {
                broken.push(format!("{from} uses {} of a higher layer", used.join("::")));
            }
            if s.module[0] == "crt" && top != "crt" {
                broken.push(format!("{from} (crt) uses {} outside crt/", used.join("::")));
            }
            if s.module.len() > 1 && s.module[0] == "engine" && used.len() > 1 && top == "engine" {
                let (a, b) = (&s.module[1], &used[1]);
                if (a == "classic" && b == "crt") || (a == "crt" && b == "classic") {
                    broken.push(format!("{from} uses the other engine ({})", used.join("::")));
                }
            }
            if s.module[0] == "capi" && top != "capi" && !public.contains(top) {
                broken.push(format!("{from} (the C API) uses {}, which is not public API", used.join("::")));
            }
        }
    }
    assert!(broken.is_empty(), "imports against docs/architecture.md:\n  {}", broken.join("\n  "));
}

#[test]
fn no_modules_use_each_other_around_a_circle() {
    let sources = read_sources();
    let files: BTreeSet<Vec<String>> = sources.iter().map(|s| s.module.clone()).collect();
    // Resolve a used path to the deepest module that exists (`engine::crt::CrtSlot` → engine/crt).
    let resolve = |used: &[String]| -> Option<Vec<String>> {
        (1..=used.len()).rev().map(|n| used[..n].to_vec()).find(|m| files.contains(m))
    };
    // Edges between siblings: for a use of B by A, the children of their common parent that contain
    // them. A module's use of its own parent (or children) is a facade, not an edge.
    let mut edges: BTreeMap<Vec<String>, BTreeSet<Vec<String>>> = BTreeMap::new();
    for s in &sources {
        for used in &s.uses {
            let Some(to) = resolve(used) else { continue };
            let common = s.module.iter().zip(&to).take_while(|(a, b)| a == b).count();
            if common == s.module.len() || common == to.len() {
                continue;
            }
            edges.entry(s.module[..=common].to_vec()).or_default().insert(to[..=common].to_vec());
        }
    }
    // Depth-first search for a back edge.
    fn visit(
        n: &Vec<String>,
        edges: &BTreeMap<Vec<String>, BTreeSet<Vec<String>>>,
        state: &mut BTreeMap<Vec<String>, u8>,
        stack: &mut Vec<Vec<String>>,
        circles: &mut Vec<String>,
    ) {
        state.insert(n.clone(), 1);
        stack.push(n.clone());
        for m in edges.get(n).into_iter().flatten() {
            match state.get(m).copied().unwrap_or(0) {
                0 => visit(m, edges, state, stack, circles),
                1 => {
                    let at = stack.iter().position(|x| x == m).unwrap_or(0);
                    let names: Vec<String> = stack[at..].iter().chain([m]).map(|x| x.join("/")).collect();
                    circles.push(names.join(" -> "));
                }
                _ => {}
            }
        }
        stack.pop();
        state.insert(n.clone(), 2);
    }
    let mut state = BTreeMap::new();
    let mut circles = Vec::new();
    for n in edges.keys() {
        if state.get(n).copied().unwrap_or(0) == 0 {
            visit(n, &edges, &mut state, &mut Vec::new(), &mut circles);
        }
    }
    assert!(circles.is_empty(), "modules that use each other around a circle:\n  {}", circles.join("\n  "));
}

#[test]
fn the_checker_sees_uses_and_skips_comments() {
    let module = vec!["engine".to_owned(), "crt".to_owned(), "upload".to_owned()];
    let code = code_of("use crate::runtime::{TransferCtx, join_all};\n// crate::manager in a comment\nlet x = \"crate::fs\"; super::meta::run(); crate::s3::get::GetRequest;");
    let uses = uses_of(&code, &module);
    let want: BTreeSet<Vec<String>> = [
        vec!["runtime", "TransferCtx"],
        vec!["runtime", "join_all"],
        vec!["engine", "crt", "meta", "run"],
        vec!["s3", "get", "GetRequest"],
    ]
    .into_iter()
    .map(|v| v.into_iter().map(str::to_owned).collect())
    .collect();
    assert_eq!(uses, want);
    // In a mod.rs, `super` is the parent of the module itself.
    let uses = uses_of("super::Engines", &["engine".to_owned(), "crt".to_owned()]);
    assert_eq!(uses, [vec!["engine".to_owned(), "Engines".to_owned()]].into_iter().collect());
    assert_eq!(layers()[0], vec!["capi".to_owned()], "the table's top layer");
}
