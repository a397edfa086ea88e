//! The `s3t` binary, run as a user runs it, against the in-process s3s-fs server (credentials from the
//! standard AWS environment variables): what it stores, what it writes, what it prints, its exit codes,
//! and Ctrl-C (SIGINT) in the middle of a transfer.
#![cfg(feature = "cli")]

#[macro_use]
#[path = "../support/mod.rs"]
mod support;

use std::path::Path;
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

use support::*;

const BUCKET: &str = "cli-bucket";
/// Every run of the binary is bounded by this.
const WAIT: Duration = Duration::from_secs(60);

/// `s3t` with the server's credentials in the environment and nothing from this machine's AWS setup.
fn s3t(endpoint: &str) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_s3t"));
    for var in ["AWS_PROFILE", "AWS_ENDPOINT_URL", "AWS_DEFAULT_REGION", "AWS_SESSION_TOKEN"] {
        cmd.env_remove(var);
    }
    cmd.env("AWS_ACCESS_KEY_ID", ACCESS_KEY)
        .env("AWS_SECRET_ACCESS_KEY", SECRET_KEY)
        .env("AWS_REGION", REGION)
        .env("AWS_CONFIG_FILE", "/nonexistent/s3t-test-config")
        .env("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent/s3t-test-credentials")
        .args(["--endpoint-url", endpoint])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    cmd
}

/// Runs to completion (at most [`WAIT`]).
fn run(cmd: &mut Command) -> Output {
    let child = cmd.spawn().expect("spawn s3t");
    wait_output(child)
}

fn wait_output(child: Child) -> Output {
    let pid = child.id();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(child.wait_with_output());
    });
    match rx.recv_timeout(WAIT) {
        Ok(out) => out.expect("s3t output"),
        Err(_) => {
            let _ = Command::new("kill").args(["-KILL", &pid.to_string()]).status();
            panic!("s3t did not exit within {WAIT:?}");
        }
    }
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// Requires exit code `code`, showing the output otherwise.
fn expect_code(out: &Output, code: i32) {
    assert_eq!(
        out.status.code(),
        Some(code),
        "exit status {:?}\nstdout:\n{}\nstderr:\n{}",
        out.status,
        text(&out.stdout),
        text(&out.stderr)
    );
}

fn s3(key: &str) -> String {
    format!("s3://{BUCKET}/{key}")
}

fn cp_up_and_down(engine: &str) {
    let server = TestServer::start();
    server.create_bucket(BUCKET);
    let work = tempfile::tempdir().unwrap();
    let src = work.path().join("data.bin");
    let data = test_bytes(12 << 20, 11); // multipart with the default 8 MiB threshold
    std::fs::write(&src, &data).unwrap();

    let out = run(s3t(&server.endpoint()).args(["--engine", engine, "cp"]).arg(&src).arg(s3("in/data.bin")));
    expect_code(&out, 0);
    assert!(text(&out.stdout).contains(&format!("upload: {} to {}", src.display(), s3("in/data.bin"))), "{}", text(&out.stdout));
    assert_eq!(server.object_bytes(BUCKET, "in/data.bin"), Some(data.clone()));

    // Into an existing directory: the key's file name is kept.
    let dst = work.path().join("down");
    std::fs::create_dir(&dst).unwrap();
    let out = run(s3t(&server.endpoint()).args(["--engine", engine, "--quiet", "cp", &s3("in/data.bin")]).arg(&dst));
    expect_code(&out, 0);
    assert_eq!(text(&out.stdout), "", "--quiet prints nothing on success");
    assert_eq!(std::fs::read(dst.join("data.bin")).unwrap(), data);
    assert!(server.open_multipart_uploads().is_empty());
}

#[test]
fn cp_up_and_down_classic() {
    cp_up_and_down("classic");
}

#[cfg(feature = "crt")]
#[test]
fn cp_up_and_down_crt() {
    cp_up_and_down("crt");
}

/// `-` streams: standard input (length unknown, multipart past the threshold) to an object, an
/// object to standard output (its bytes and nothing else there). Usage errors for `-` with
/// --recursive and for a key that names no object.
fn cp_streams(engine: &str) {
    let server = TestServer::start();
    server.create_bucket(BUCKET);
    let data = test_bytes(11 << 20, 12);
    let mut child = s3t(&server.endpoint())
        .args(["--engine", engine, "--part-size", "5MiB", "cp", "-", &s3("piped.bin")])
        .stdin(Stdio::piped())
        .spawn()
        .expect("spawn s3t");
    let mut stdin = child.stdin.take().unwrap();
    let to_write = data.clone();
    let writer = std::thread::spawn(move || {
        use std::io::Write;
        stdin.write_all(&to_write).unwrap();
    });
    let out = wait_output(child);
    writer.join().unwrap();
    expect_code(&out, 0);
    assert!(text(&out.stdout).contains(&format!("upload: - to {}", s3("piped.bin"))), "{}", text(&out.stdout));
    assert_eq!(server.object_bytes(BUCKET, "piped.bin"), Some(data.clone()));
    assert!(server.open_multipart_uploads().is_empty());

    let out = run(s3t(&server.endpoint()).args(["--engine", engine, "cp", &s3("piped.bin"), "-"]));
    expect_code(&out, 0);
    assert!(out.stdout == data, "stdout carries exactly the object ({} bytes, want {})", out.stdout.len(), data.len());

    if cfg!(feature = "crt") {
        // The CRT engine takes no streams: refused, pointing to the flag that works.
        let out = run(s3t(&server.endpoint()).args(["--engine", "crt", "cp", &s3("piped.bin"), "-"]));
        expect_code(&out, 1);
        assert!(out.stdout.is_empty(), "nothing on stdout");
        assert!(text(&out.stderr).contains("--engine auto"), "{}", text(&out.stderr));
    }

    let out = run(s3t(&server.endpoint()).args(["cp", "--recursive", "-", &s3("x/")]));
    expect_code(&out, 2);
    assert!(text(&out.stderr).contains("drop --recursive"), "{}", text(&out.stderr));
    let out = run(s3t(&server.endpoint()).args(["cp", "-", &s3("dir/")]));
    expect_code(&out, 2);
    assert!(text(&out.stderr).contains("needs a full key"), "{}", text(&out.stderr));
}

#[test]
fn cp_streams_classic() {
    cp_streams("classic");
}

/// `--engine auto` (the default) runs streams on the classic engine.
#[cfg(feature = "crt")]
#[test]
fn cp_streams_auto() {
    cp_streams("auto");
}

#[test]
fn cp_to_prefix_and_s3_to_s3() {
    let server = TestServer::start();
    server.create_bucket(BUCKET);
    server.create_bucket("other");
    let work = tempfile::tempdir().unwrap();
    let src = work.path().join("report.csv");
    std::fs::write(&src, b"a,b\n1,2\n").unwrap();

    // A destination ending in `/` keeps the file name.
    expect_code(&run(s3t(&server.endpoint()).arg("cp").arg(&src).arg(s3("reports/"))), 0);
    assert_eq!(server.object_bytes(BUCKET, "reports/report.csv").as_deref(), Some(&b"a,b\n1,2\n"[..]));

    let out = run(s3t(&server.endpoint()).args(["cp", &s3("reports/report.csv"), "s3://other/archive/r.csv"]));
    expect_code(&out, 0);
    assert!(text(&out.stdout).contains("copy: s3://cli-bucket/reports/report.csv to s3://other/archive/r.csv"));
    assert_eq!(server.object_bytes("other", "archive/r.csv").as_deref(), Some(&b"a,b\n1,2\n"[..]));
}

#[test]
fn cp_recursive_round_trip() {
    let server = TestServer::start();
    server.create_bucket(BUCKET);
    let work = tempfile::tempdir().unwrap();
    let src = work.path().join("site");
    let files: Vec<(&str, Vec<u8>)> = vec![
        ("index.html", test_bytes(500, 1)),
        ("css/site.css", test_bytes(700, 2)),
        ("img/big/photo.bin", test_bytes(9 << 20, 3)),
    ];
    for (rel, data) in &files {
        let p = src.join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, data).unwrap();
    }

    let out = run(s3t(&server.endpoint()).args(["cp", "--recursive"]).arg(&src).arg(s3("www")));
    expect_code(&out, 0);
    for (rel, data) in &files {
        assert_eq!(server.object_bytes(BUCKET, &format!("www/{rel}")).as_ref(), Some(data), "{rel}");
    }
    assert_eq!(text(&out.stdout).lines().filter(|l| l.starts_with("upload: ")).count(), files.len());

    // S3 -> S3 under another prefix, then back to a new local directory.
    expect_code(&run(s3t(&server.endpoint()).args(["cp", "-r", &s3("www/"), &s3("mirror/")])), 0);
    for (rel, data) in &files {
        assert_eq!(server.object_bytes(BUCKET, &format!("mirror/{rel}")).as_ref(), Some(data), "{rel}");
    }
    let dst = work.path().join("copy");
    expect_code(&run(s3t(&server.endpoint()).args(["cp", "-r", &s3("mirror")]).arg(&dst)), 0);
    for (rel, data) in &files {
        assert_eq!(&std::fs::read(dst.join(rel)).unwrap(), data, "{rel}");
    }
    assert!(server.open_multipart_uploads().is_empty());
}

#[test]
fn ls_lists_keys_and_rm_removes() {
    let server = TestServer::start();
    server.create_bucket(BUCKET);
    server.put_object_bytes(BUCKET, "top.txt", b"1234567");
    server.put_object_bytes(BUCKET, "dir/a.txt", b"a");
    server.put_object_bytes(BUCKET, "dir/sub/b.txt", b"bb");

    let out = run(s3t(&server.endpoint()).args(["ls", &s3("")]));
    expect_code(&out, 0);
    let stdout = text(&out.stdout);
    assert!(stdout.lines().any(|l| l.trim_start().starts_with("PRE dir/")), "{stdout}");
    assert!(stdout.lines().any(|l| l.ends_with(" 7 top.txt")), "{stdout}");
    assert!(!stdout.contains("dir/a.txt"), "one level only without --recursive: {stdout}");

    let out = run(s3t(&server.endpoint()).args(["ls", "--recursive", &s3("dir/")]));
    expect_code(&out, 0);
    let keys: Vec<String> = text(&out.stdout).lines().map(|l| l.rsplit(' ').next().unwrap().to_owned()).collect();
    assert_eq!(keys, ["dir/a.txt", "dir/sub/b.txt"]);

    let out = run(s3t(&server.endpoint()).arg("ls"));
    expect_code(&out, 0);
    assert!(text(&out.stdout).lines().any(|l| l.ends_with(BUCKET)), "{}", text(&out.stdout));

    let out = run(s3t(&server.endpoint()).args(["rm", &s3("top.txt")]));
    expect_code(&out, 0);
    assert!(text(&out.stdout).contains("delete: s3://cli-bucket/top.txt"));
    assert!(server.object_bytes(BUCKET, "top.txt").is_none());

    expect_code(&run(s3t(&server.endpoint()).args(["rm", "-r", &s3("dir")])), 0);
    assert!(server.object_bytes(BUCKET, "dir/a.txt").is_none());
    assert!(server.object_bytes(BUCKET, "dir/sub/b.txt").is_none());
}

#[test]
fn missing_local_file_exits_1_with_message() {
    let server = TestServer::start();
    server.create_bucket(BUCKET);
    let work = tempfile::tempdir().unwrap();
    let missing = work.path().join("no-such-file.bin");
    let out = run(s3t(&server.endpoint()).arg("cp").arg(&missing).arg(s3("x")));
    expect_code(&out, 1);
    let stderr = text(&out.stderr);
    assert!(stderr.contains("upload failed") && stderr.contains(&missing.display().to_string()), "{stderr}");
    assert!(stderr.contains("No such file"), "{stderr}");
    assert!(server.object_bytes(BUCKET, "x").is_none());

    // A missing object: exit 1, the S3 error named, no file left behind.
    let dst = work.path().join("out.bin");
    let out = run(s3t(&server.endpoint()).args(["cp", &s3("missing-key")]).arg(&dst));
    expect_code(&out, 1);
    assert!(text(&out.stderr).contains("download failed"), "{}", text(&out.stderr));
    assert!(!dst.exists());
}

#[test]
fn bad_usage_exits_2() {
    let endpoint = "http://127.0.0.1:9"; // never contacted
    for args in [
        vec!["cp", "only-one-argument"],
        vec!["frobnicate"],
        vec!["cp", "local-a", "local-b"],
        vec!["--part-size", "ten", "ls"],
        vec!["--engine", "warp", "ls"],
        vec!["rm", "not-an-s3-url"],
        vec!["cp", "s3://", "x"],
    ] {
        let out = run(s3t(endpoint).args(&args));
        expect_code(&out, 2);
        assert!(!text(&out.stderr).is_empty(), "{args:?} printed no explanation");
    }
    let out = run(s3t(endpoint).arg("--help"));
    expect_code(&out, 0);
    assert!(text(&out.stdout).contains("Exit codes:"));
}

/// Waits (bounded) until `cond` holds.
fn wait_until(what: &str, mut cond: impl FnMut() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(30);
    while !cond() {
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn interrupt(child: &Child) {
    let status = Command::new("kill").args(["-INT", &child.id().to_string()]).status().expect("kill -INT");
    assert!(status.success());
}

fn sigint_during_upload(engine: &str) {
    let server = TestServer::start();
    server.create_bucket(BUCKET);
    let proxy = FaultProxy::start(server.addr(), FaultPlan::throttle(4096, Duration::from_millis(10)));
    let work = tempfile::tempdir().unwrap();
    let src = work.path().join("large.bin");
    std::fs::write(&src, test_bytes(48 << 20, 5)).unwrap();

    let child = s3t(&proxy.endpoint())
        .args(["--engine", engine, "--part-size", "5MiB", "cp"])
        .arg(&src)
        .arg(s3("large.bin"))
        .spawn()
        .unwrap();
    wait_until("the multipart upload to start", || !server.open_multipart_uploads().is_empty());
    std::thread::sleep(Duration::from_millis(300)); // parts in flight
    interrupt(&child);
    let out = wait_output(child);
    expect_code(&out, 130);
    assert!(text(&out.stderr).contains("interrupted"), "{}", text(&out.stderr));
    assert!(server.open_multipart_uploads().is_empty(), "multipart upload left open: {:?}", server.open_multipart_uploads());
    assert!(server.object_bytes(BUCKET, "large.bin").is_none());
}

#[test]
fn sigint_during_upload_aborts_multipart_classic() {
    sigint_during_upload("classic");
}

#[cfg(feature = "crt")]
#[test]
fn sigint_during_upload_aborts_multipart_crt() {
    sigint_during_upload("crt");
}

/// Ctrl-C while `cp -` waits for more standard input (the pipe stays open): s3t exits 130 at once,
/// the multipart upload of what it had read is aborted and nothing is stored.
#[test]
fn sigint_during_stdin_upload_exits_and_aborts() {
    let server = TestServer::start();
    server.create_bucket(BUCKET);
    let mut child = s3t(&server.endpoint())
        .args(["--part-size", "5MiB", "cp", "-", &s3("piped.bin")])
        .stdin(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    {
        use std::io::Write;
        stdin.write_all(&test_bytes(9 << 20, 6)).unwrap(); // past the 8 MiB threshold: multipart starts
    }
    wait_until("the multipart upload to start", || !server.open_multipart_uploads().is_empty());
    interrupt(&child);
    let out = wait_output(child);
    drop(stdin);
    expect_code(&out, 130);
    assert!(server.open_multipart_uploads().is_empty(), "multipart upload left open: {:?}", server.open_multipart_uploads());
    assert!(server.object_bytes(BUCKET, "piped.bin").is_none());
}

fn sigint_during_download(engine: &str) {
    let server = TestServer::start();
    server.create_bucket(BUCKET);
    server.put_object_bytes(BUCKET, "large.bin", &test_bytes(48 << 20, 6));
    let proxy = FaultProxy::start(server.addr(), FaultPlan::throttle(4096, Duration::from_millis(10)));
    let work = tempfile::tempdir().unwrap();
    let dst = work.path().join("downloads");
    std::fs::create_dir(&dst).unwrap();

    let child = s3t(&proxy.endpoint()).args(["--engine", engine, "cp", &s3("large.bin")]).arg(&dst).spawn().unwrap();
    wait_until("download bytes to flow", || proxy.bytes_down() > 1 << 20);
    interrupt(&child);
    let out = wait_output(child);
    expect_code(&out, 130);
    let left: Vec<_> = std::fs::read_dir(&dst).unwrap().flatten().map(|e| e.path()).collect();
    assert!(left.is_empty(), "partial files left: {left:?}");
    assert!(!Path::new(&dst.join("large.bin")).exists());
}

#[test]
fn sigint_during_download_leaves_no_partial_file_classic() {
    sigint_during_download("classic");
}

#[cfg(feature = "crt")]
#[test]
fn sigint_during_download_leaves_no_partial_file_crt() {
    sigint_during_download("crt");
}
