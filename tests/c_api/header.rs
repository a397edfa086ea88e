//! `include/s3transfer.h` is in step with `src/capi`: the header is regenerated in memory with
//! cbindgen (settings in `cbindgen.toml`) and compared with the committed file.
//! `S3T_BLESS=1 cargo test --test capi_header` (or `scripts/regen-header.sh`) rewrites it.

use std::path::Path;

fn generate() -> String {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let config = cbindgen::Config::from_file(root.join("cbindgen.toml")).expect("read cbindgen.toml");
    let bindings = cbindgen::Builder::new()
        .with_config(config)
        .with_src(root.join("src/capi/mod.rs"))
        .generate()
        .expect("cbindgen generates the header from src/capi");
    let mut out = Vec::new();
    bindings.write(&mut out);
    String::from_utf8(out).expect("header is UTF-8")
}

#[test]
fn header_is_in_step_with_src_capi() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("include/s3transfer.h");
    let generated = generate();
    if std::env::var_os("S3T_BLESS").is_some_and(|v| v == "1") {
        std::fs::write(&path, &generated).expect("write include/s3transfer.h");
        return;
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    if committed != generated {
        let mut diff = String::new();
        let (a, b): (Vec<&str>, Vec<&str>) = (committed.lines().collect(), generated.lines().collect());
        let first = a.iter().zip(&b).position(|(x, y)| x != y).unwrap_or(a.len().min(b.len()));
        for (i, line) in a.iter().enumerate().skip(first).take(12) {
            diff.push_str(&format!("- {:>4} {line}\n", i + 1));
        }
        for (i, line) in b.iter().enumerate().skip(first).take(12) {
            diff.push_str(&format!("+ {:>4} {line}\n", i + 1));
        }
        panic!(
            "include/s3transfer.h is out of step with src/capi (first difference at line {}; - committed, + generated):\n{diff}\n\
             Regenerate it with scripts/regen-header.sh (or S3T_BLESS=1 cargo test --test capi_header) and commit it.",
            first + 1
        );
    }
}

#[test]
fn every_symbol_is_prefixed() {
    let header = generate();
    for line in header.lines() {
        let line = line.trim();
        if line.starts_with("//") || line.starts_with("/*") || line.starts_with('*') || line.starts_with('#') {
            continue;
        }
        if let Some(paren) = line.find('(') {
            // A function declaration: `ret name(args...`.
            if !line.starts_with('(') && !line.contains("(*") && line.ends_with([',', ';', '(']) {
                let name = line[..paren].rsplit([' ', '*']).next().unwrap_or("");
                assert!(name.starts_with("s3t_"), "exported function without the s3t_ prefix: {line}");
            }
        }
    }
    assert!(header.contains("s3t_upload("), "the header declares s3t_upload");
}

extern "C" {
    /// The C API's `s3t_status_name` (exported by the library, as a C program sees it).
    fn s3t_status_name(status: i32) -> *const std::ffi::c_char;
}

/// `s3t_status_name()` knows every code the header declares, by the header's own name.
#[test]
fn status_name_knows_every_declared_code() {
    let header = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("include/s3transfer.h"))
        .expect("read include/s3transfer.h");
    let body = header.split("\nenum s3t_status\n").nth(1).expect("enum s3t_status in the header");
    let body = &body[..body.find("};").expect("end of enum s3t_status")];
    let mut seen = 0;
    for line in body.lines().map(str::trim).filter(|l| l.starts_with("S3T_")) {
        let (name, value) = line.trim_end_matches(',').split_once(" = ").expect("NAME = value");
        let value: i32 = value.parse().expect("integer value");
        // SAFETY: any integer is a valid argument.
        let ptr = unsafe { s3t_status_name(value) };
        // SAFETY: s3t_status_name returns a static NUL-terminated string.
        let got = unsafe { std::ffi::CStr::from_ptr(ptr) }.to_str().unwrap();
        assert_eq!(got, name, "s3t_status_name({value})");
        seen += 1;
    }
    assert!(seen >= 20, "found the status codes in the header ({seen})");
    // SAFETY: as above; the result is a static NUL-terminated string.
    let unknown = unsafe { std::ffi::CStr::from_ptr(s3t_status_name(12345)) };
    assert_eq!(unknown.to_str().unwrap(), "S3T_UNKNOWN_STATUS");
}
