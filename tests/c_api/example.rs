//! The C API from C: `examples/c/transfer.c` and `tests/c/bad_input.c` are compiled with gcc against
//! `libs3transfer.a` and run against the in-process S3 server. The example uploads a file and
//! downloads it back on each engine (also under valgrind, when it is installed); the bad-input
//! program checks the documented status codes of NULL, freed and invalid arguments.


use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use crate::support::{test_bytes, TestServer, ACCESS_KEY, REGION, SECRET_KEY};

/// The system libraries `libs3transfer.a` needs, as `rustc --print native-static-libs` lists them
/// for this crate on x86_64 Linux (std's plus what the CRT and aws-lc build scripts ask for).
/// The README's link line is the same.
const NATIVE_STATIC_LIBS: &[&str] = &["-lpthread", "-ldl", "-lm", "-lrt", "-lgcc_s", "-lutil", "-lc"];

const BUCKET: &str = "c-bucket";

fn manifest_dir() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// `target/<profile>`: the test binary is `target/<profile>/deps/capi_example-<hash>`.
fn profile_dir() -> PathBuf {
    let exe = std::env::current_exe().expect("current_exe");
    exe.parent().and_then(Path::parent).expect("target/<profile>/deps/<test>").to_path_buf()
}

/// `libs3transfer.a` of this build. Cargo compiles every crate type of the library before the
/// integration tests, into `target/<profile>/deps/` beside the test binary; only `cargo build`
/// copies it up to `target/<profile>/`, so the copy there can be stale while the one in `deps/` is
/// current. Use `deps/`, falling back to `target/<profile>/`, and build the library if neither exists.
fn static_lib() -> PathBuf {
    let exe = std::env::current_exe().expect("current_exe");
    let beside_test = exe.parent().expect("target/<profile>/deps").join("libs3transfer.a");
    if beside_test.is_file() {
        return beside_test;
    }
    let lib = profile_dir().join("libs3transfer.a");
    if !lib.is_file() {
        let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
        let status = Command::new(cargo)
            .args(["build", "--lib"])
            .current_dir(manifest_dir())
            .status()
            .expect("run cargo build --lib");
        assert!(status.success(), "cargo build --lib failed");
    }
    assert!(lib.is_file(), "{} is missing after building the library", lib.display());
    lib
}

fn modified(p: &Path) -> std::time::SystemTime {
    std::fs::metadata(p).and_then(|m| m.modified()).expect("file modification time")
}

/// Compiles a C program against the static library (once per library build: the binary is kept
/// in `target/<profile>/capi/` and rebuilt when the library, the header or the source is newer).
fn compile(source: &str) -> PathBuf {
    let lib = static_lib();
    let src = manifest_dir().join(source);
    let header = manifest_dir().join("include/s3transfer.h");
    let dir = profile_dir().join("capi");
    std::fs::create_dir_all(&dir).expect("create target/<profile>/capi");
    let name = src.file_stem().unwrap().to_string_lossy().into_owned();
    let exe = dir.join(&name);
    // Tests run in parallel processes: one compiles, the others wait for it and reuse its program.
    let lock = std::fs::File::create(dir.join(format!("{name}.lock"))).expect("create the build lock file");
    lock.lock().expect("lock the build lock file");
    if exe.is_file() {
        let built = modified(&exe);
        if [&lib, &src, &header].iter().all(|p| modified(p) <= built) {
            return exe;
        }
    }
    let tmp = dir.join(format!("{name}.{}.tmp", std::process::id()));
    let out = Command::new("gcc")
        .args(["-std=c11", "-Wall", "-Wextra", "-Werror", "-g", "-O1"])
        .arg("-I")
        .arg(manifest_dir().join("include"))
        .arg(&src)
        .arg(&lib)
        .args(NATIVE_STATIC_LIBS)
        .arg("-o")
        .arg(&tmp)
        .output()
        .expect("run gcc");
    assert!(
        out.status.success(),
        "gcc failed to build {source}:\n{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    std::fs::rename(&tmp, &exe).expect("move the program into place");
    exe
}

/// Runs `cmd` with the test server's credentials in the environment, killing it after `limit`.
fn run(mut cmd: Command, limit: Duration) -> Output {
    cmd.env("AWS_ACCESS_KEY_ID", ACCESS_KEY)
        .env("AWS_SECRET_ACCESS_KEY", SECRET_KEY)
        .env("AWS_REGION", REGION)
        .env_remove("AWS_SESSION_TOKEN")
        .env_remove("S3T_ENDPOINT")
        .env_remove("S3T_BUCKET")
        .env_remove("S3T_FILE")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = cmd.spawn().expect("start the C program");
    // Drain the pipes on threads so a chatty child cannot block on a full pipe.
    let mut stdout = child.stdout.take().unwrap();
    let mut stderr = child.stderr.take().unwrap();
    let out_t = std::thread::spawn(move || {
        let mut v = Vec::new();
        std::io::Read::read_to_end(&mut stdout, &mut v).ok();
        v
    });
    let err_t = std::thread::spawn(move || {
        let mut v = Vec::new();
        std::io::Read::read_to_end(&mut stderr, &mut v).ok();
        v
    });
    let deadline = Instant::now() + limit;
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait for the C program") {
            break status;
        }
        if Instant::now() >= deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!(
                "the C program did not finish within {limit:?}; output so far:\n{}",
                String::from_utf8_lossy(&out_t.join().unwrap_or_default())
            );
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    Output { status, stdout: out_t.join().unwrap(), stderr: err_t.join().unwrap() }
}

fn text(out: &Output) -> String {
    format!(
        "exit: {}\n--- stdout\n{}--- stderr\n{}",
        out.status,
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// Uploads `size` bytes with the example on `engine` (optionally under `wrapper`), then checks
/// what a user would: the program succeeded, the object on the server and the downloaded copy
/// both equal the file, and no multipart upload was left open.
fn round_trip(engine: &str, size: usize, wrapper: &[&str], limit: Duration) -> Output {
    let exe = compile("examples/c/transfer.c");
    let server = TestServer::start();
    server.create_bucket(BUCKET);
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join(format!("c-{engine}.bin"));
    let data = test_bytes(size, size as u64);
    std::fs::write(&file, &data).expect("write the source file");

    let mut cmd = wrapped(wrapper, &exe);
    cmd.args(["--engine", engine, &server.endpoint(), BUCKET]).arg(&file);
    let out = run(cmd, limit);
    let report = text(&out);
    assert!(out.status.success(), "the C example failed:\n{report}");

    let key = file.file_name().unwrap().to_str().unwrap();
    let stored = server.object_bytes(BUCKET, key).unwrap_or_else(|| panic!("object {key} is not on the server:\n{report}"));
    assert!(stored == data, "the stored object differs from the uploaded file ({} vs {} bytes)", stored.len(), data.len());
    let copy = std::fs::read(dir.path().join(format!("{key}.download"))).expect("the downloaded copy exists");
    assert!(copy == data, "the downloaded copy differs from the uploaded file ({} vs {} bytes)", copy.len(), data.len());
    assert!(server.open_multipart_uploads().is_empty(), "multipart uploads left open: {:?}", server.open_multipart_uploads());
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains(&format!("upload: done, {size} bytes, S3T_OK")), "upload progress adds up to the size:\n{report}");
    assert!(stdout.contains(&format!("download: done, {size} bytes, S3T_OK")), "download progress adds up to the size:\n{report}");
    // The futures' accessors: the engine that ran, the size, and the ETag the download saw.
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    let head = rt.block_on(server.sdk_client().head_object().bucket(BUCKET).key(key).send()).expect("HeadObject");
    let etag = head.e_tag().expect("the object has an ETag");
    assert!(stdout.contains(&format!("upload: ran on {engine}, {size} bytes, ETag (none)")), "upload future's engine and size:\n{report}");
    assert!(stdout.contains(&format!("download: ran on {engine}, {size} bytes, ETag {etag}")), "download future's engine, size and ETag:\n{report}");
    out
}

const SIZE: usize = 12 * 1024 * 1024 + 12_345; // three 5 MiB parts (multipart from 5 MiB)

#[test]
fn c_example_round_trip_classic() {
    round_trip("classic", SIZE, &[], Duration::from_secs(150));
}

#[cfg(feature = "crt")]
#[test]
fn c_example_round_trip_crt() {
    round_trip("crt", SIZE, &[], Duration::from_secs(150));
}

/// `exe` run under `wrapper` (e.g. valgrind and its options), or directly when it is empty.
fn wrapped(wrapper: &[&str], exe: &Path) -> Command {
    match wrapper.split_first() {
        Some((first, rest)) => {
            let mut c = Command::new(first);
            c.args(rest).arg(exe);
            c
        }
        None => Command::new(exe),
    }
}

/// valgrind as a wrapper: exit code 99 on an invalid access, use of uninitialised memory or a
/// definite leak. aws-lc's per-thread error state can outlive a thread still exiting at process
/// exit (see `tests/c/valgrind.supp`). `None` (the test is skipped, saying so) when valgrind is not
/// on PATH.
fn valgrind() -> Option<[&'static str; 7]> {
    let available =
        Command::new("valgrind").arg("--version").stdout(Stdio::null()).stderr(Stdio::null()).status().is_ok_and(|s| s.success());
    if !available {
        eprintln!("skipped: valgrind is not on PATH");
        return None;
    }
    Some([
        "valgrind",
        "--leak-check=full",
        "--errors-for-leak-kinds=definite",
        "--show-leak-kinds=definite",
        "--error-exitcode=99",
        "--quiet",
        concat!("--suppressions=", env!("CARGO_MANIFEST_DIR"), "/tests/c/valgrind.supp"),
    ])
}

/// The example under valgrind: no invalid read or write, no use of uninitialised memory, and no
/// definite leak (memory that was allocated and lost). Memory still reachable at exit (runtime
/// threads, thread-locals) is not a leak.
fn under_valgrind(engine: &str) {
    let Some(wrapper) = valgrind() else { return };
    // Two parts: multipart under valgrind without taking minutes.
    let out = round_trip(engine, 6 * 1024 * 1024 + 7, &wrapper, Duration::from_secs(170));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("definitely lost"), "valgrind found a leak:\n{stderr}");
}

#[test]
fn c_example_under_valgrind_classic() {
    under_valgrind("classic");
}

#[cfg(feature = "crt")]
#[test]
fn c_example_under_valgrind_crt() {
    under_valgrind("crt");
}

/// Bad input from C gets the documented codes and messages, never a crash.
#[test]
fn c_bad_input_gets_documented_codes() {
    bad_input(&[], Duration::from_secs(120));
}

/// The same under valgrind: freed, NULL and wrong-type handles are detected without an invalid
/// read or write, and nothing leaks on the error paths.
#[test]
fn c_bad_input_under_valgrind() {
    let Some(wrapper) = valgrind() else { return };
    let stderr = bad_input(&wrapper, Duration::from_secs(170));
    assert!(!stderr.contains("definitely lost") && !stderr.contains("Invalid read"), "valgrind:\n{stderr}");
}

/// Runs `tests/c/bad_input.c` (optionally under `wrapper`) and checks every case; returns stderr.
fn bad_input(wrapper: &[&str], limit: Duration) -> String {
    let exe = compile("tests/c/bad_input.c");
    let server = TestServer::start();
    server.create_bucket(BUCKET);
    let dir = tempfile::tempdir().expect("temp dir");
    let big_dir = tempfile::tempdir().expect("temp dir");
    let big = big_dir.path().join("big.bin");
    std::fs::write(&big, test_bytes(20 * 1024 * 1024, 9)).expect("write the big file");
    let mut cmd = wrapped(wrapper, &exe);
    cmd.args([&server.endpoint(), BUCKET]).arg(dir.path()).arg(&big);
    let out = run(cmd, limit);
    let report = text(&out);
    assert!(out.status.success(), "the bad-input program failed:\n{report}");
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(stdout.lines().any(|l| l == "END"), "the program ran to the end:\n{report}");
    let case = |name: &str| -> String {
        let prefix = format!("CASE {name} ");
        stdout
            .lines()
            .find_map(|l| l.strip_prefix(&prefix))
            .unwrap_or_else(|| panic!("case {name} missing:\n{report}"))
            .to_owned()
    };
    let expect = |name: &str, code: &str, fragments: &[&str]| {
        let line = case(name);
        assert!(line.starts_with(&format!("{code} ")) || line == code, "{name}: expected {code}, got: {line}");
        for f in fragments {
            assert!(line.contains(f), "{name}: message lacks {f:?}: {line}");
        }
    };

    expect("config_new_null_out", "S3T_ERR_NULL_ARGUMENT", &["out_config must not be NULL"]);
    expect("config_new", "S3T_OK", &[]);
    expect("set_engine_unknown", "S3T_ERR_INVALID_ARGUMENT", &["unknown engine 42"]);
    expect("set_region_null", "S3T_ERR_NULL_ARGUMENT", &["region must not be NULL"]);
    expect("set_endpoint_bad_scheme", "S3T_ERR_INVALID_ARGUMENT", &["ftp://example"]);
    expect("set_threshold_null_config", "S3T_ERR_NULL_ARGUMENT", &["s3t_config must not be NULL"]);
    expect("manager_new_zero_field", "S3T_ERR_INVALID_ARGUMENT", &["io_chunksize"]);
    expect("manager_new_null_config", "S3T_ERR_NULL_ARGUMENT", &["s3t_config"]);
    expect("manager_new", "S3T_OK", &[]);

    expect("upload_null_manager", "S3T_ERR_NULL_ARGUMENT", &["s3t_manager must not be NULL"]);
    expect("upload_null_out", "S3T_ERR_NULL_ARGUMENT", &["out_future"]);
    expect("upload_null_key", "S3T_ERR_NULL_ARGUMENT", &["key must not be NULL"]);
    expect("upload_invalid_utf8", "S3T_ERR_INVALID_UTF8", &["key is not valid UTF-8"]);
    expect("upload_disallowed_extra_arg", "S3T_ERR_INVALID_ARGUMENT", &["Invalid extra_args key 'Bogus'"]);
    expect("upload_extra_args_null_with_count", "S3T_ERR_NULL_ARGUMENT", &["extra_args"]);
    expect("upload_extra_args_wrong_size", "S3T_ERR_INVALID_ARGUMENT", &["S3T_MAX_EXTRA_ARGS"]);
    expect("upload_extra_arg_null_value", "S3T_ERR_NULL_ARGUMENT", &["extra_args[0].value"]);
    expect("download_disallowed_extra_arg", "S3T_ERR_INVALID_ARGUMENT", &["Invalid extra_args key 'ContentType'"]);
    expect("upload_empty_bucket", "S3T_ERR_INVALID_ARGUMENT", &["bucket"]);

    // Reported by the transfer: the missing file names the file; the missing key carries S3's
    // answer; a callback's refusal names the callback and its value.
    let line = case("upload_missing_file");
    assert!(line.starts_with("S3T_ERR_IO ") || line.starts_with("S3T_ERR_S3_UPLOAD_FAILED "), "upload_missing_file: {line}");
    assert!(line.contains("no-such-file"), "upload_missing_file names the file: {line}");
    let line = case("download_missing_key");
    assert!(line.starts_with("S3T_ERR_SERVICE "), "download_missing_key: {line}");
    assert!(line.contains("http=404"), "download_missing_key has HTTP 404: {line}");
    assert!(line.contains("s3=NoSuchKey") || line.contains("s3=NotFound"), "download_missing_key has S3's code: {line}");
    expect("callback_returns_error", "S3T_ERR_FATAL", &["on_queued returned 7"]);
    assert!(std::fs::read_dir(dir.path()).unwrap().next().is_none(), "a failed download leaves no file behind");

    expect("cancel", "S3T_OK", &[]);
    expect("cancelled_upload", "S3T_ERR_CANCELLED", &["cancelled"]);
    assert!(server.object_bytes(BUCKET, "cancelled").is_none(), "a cancelled upload leaves no object");
    assert!(server.open_multipart_uploads().is_empty(), "a cancelled upload leaves no multipart upload open");

    // Freed and wrong handles are detected.
    expect("future_result_null", "S3T_ERR_NULL_ARGUMENT", &[]);
    expect("future_wait", "S3T_OK", &[]);
    expect("future_size_null_out", "S3T_ERR_NULL_ARGUMENT", &["out_bytes"]);
    expect("future_engine_chosen", "S3T_OK", &[]);
    expect("future_free", "S3T_OK", &[]);
    expect("future_free_again", "S3T_ERR_INVALID_HANDLE", &["s3t_future is not a live handle"]);
    expect("future_wait_freed", "S3T_ERR_INVALID_HANDLE", &[]);
    expect("future_done_freed", "S3T_ERR_INVALID_HANDLE", &["s3t_future"]);
    expect("future_error_message_freed", "S3T_OK", &[]);
    expect("future_size_freed", "S3T_ERR_INVALID_HANDLE", &["s3t_future"]);
    expect("future_engine_freed", "S3T_ERR_INVALID_HANDLE", &["s3t_future"]);
    expect("future_etag_freed", "S3T_OK", &[]);
    expect("future_free_null", "S3T_OK", &[]);
    expect("manager_as_future", "S3T_ERR_INVALID_HANDLE", &[]);
    expect("shutdown", "S3T_OK", &[]);
    expect("upload_after_shutdown", "S3T_ERR_QUEUE_SHUTDOWN", &[]);
    expect("threads_before_free", "S3T_OK", &[]);
    expect("manager_free", "S3T_OK", &[]);
    expect("threads_after_free", "S3T_OK", &[]);
    expect("upload_freed_manager", "S3T_ERR_INVALID_HANDLE", &["s3t_manager"]);
    expect("manager_free_again", "S3T_ERR_INVALID_HANDLE", &[]);
    expect("config_free", "S3T_OK", &[]);
    expect("config_set_freed", "S3T_ERR_INVALID_HANDLE", &["s3t_config"]);
    assert_eq!(case("status_name_unknown"), "S3T_UNKNOWN_STATUS");
    // The object the delete case removed was never there; nothing was created by the failed calls.
    assert!(server.object_bytes(BUCKET, "k").is_none(), "no object was created by the refused calls");
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// One manager from many C threads at once (`tests/c/threads.c`): eight concurrent round trips of
/// different sizes (bytes and progress totals checked in C, objects checked here), a thread polling
/// futures while their owners free them, and a cancel from another thread than the one that
/// started the upload.
fn threads(engine: &str) {
    let exe = compile("tests/c/threads.c");
    let server = TestServer::start();
    server.create_bucket(BUCKET);
    let dir = tempfile::tempdir().expect("temp dir");
    const MIB: usize = 1024 * 1024;
    let sizes = [1, 1000, 64 * 1024, MIB, 5 * MIB, 5 * MIB + 1, 6 * MIB, 11 * MIB];
    let files: Vec<Vec<u8>> = sizes.iter().enumerate().map(|(i, &n)| test_bytes(n, i as u64 + 100)).collect();
    for (i, data) in files.iter().enumerate() {
        std::fs::write(dir.path().join(format!("in-{i}")), data).expect("write a source file");
    }
    let big = test_bytes(24 * MIB, 99);
    std::fs::write(dir.path().join("big"), &big).expect("write the big file");
    let mut cmd = Command::new(&exe);
    cmd.args([engine, &server.endpoint(), BUCKET]).arg(dir.path());
    let out = run(cmd, Duration::from_secs(150));
    let report = text(&out);
    assert!(out.status.success(), "the threads program failed:\n{report}");
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(stdout.lines().any(|l| l == "END"), "the program ran to the end:\n{report}");
    for (i, data) in files.iter().enumerate() {
        assert!(stdout.lines().any(|l| l == format!("WORKER {i} S3T_OK")), "worker {i}'s round trip:\n{report}");
        let stored = server.object_bytes(BUCKET, &format!("t-{i}"));
        assert!(stored.as_deref() == Some(data.as_slice()), "object t-{i} equals in-{i}");
    }
    let polls: u64 = stdout.lines().find_map(|l| l.strip_prefix("POLLS ")).and_then(|n| n.parse().ok()).expect("POLLS line");
    assert!(polls > 0, "the poller saw live futures:\n{report}");
    // The cancel races the upload: either it won (nothing stored) or the upload had finished.
    let cancelled = stdout.lines().find_map(|l| l.strip_prefix("CANCELLED ")).expect("CANCELLED line");
    match cancelled {
        "S3T_ERR_CANCELLED" => assert!(server.object_bytes(BUCKET, "big").is_none(), "a cancelled upload stores nothing"),
        "S3T_OK" => assert!(server.object_bytes(BUCKET, "big").as_deref() == Some(big.as_slice()), "a finished upload is whole"),
        other => panic!("the cross-thread cancel ended with {other}:\n{report}"),
    }
    assert!(server.open_multipart_uploads().is_empty(), "multipart uploads left open: {:?}", server.open_multipart_uploads());
}

#[test]
fn c_threads_share_one_manager_classic() {
    threads("classic");
}

#[cfg(feature = "crt")]
#[test]
fn c_threads_share_one_manager_crt() {
    threads("crt");
}

/// Transfers from and to memory (`tests/c/memory.c`): `s3t_upload_buffer` copies the buffer (the
/// program scribbles over and frees it right after the start) and stores exactly its bytes;
/// `s3t_download_stream` hands the object to a write callback in order, once; `s3t_upload_stream`
/// stores exactly what its read callback produced; a failing callback fails the transfer (no
/// object, no open multipart upload) and is never called after the transfer is done; under
/// `S3T_ENGINE_CRT` both stream functions are refused, under AUTO they run on classic.
fn memory(engine: &str, wrapper: &[&str]) {
    let exe = compile("tests/c/memory.c");
    let server = TestServer::start();
    server.create_bucket(BUCKET);
    let mut cmd = wrapped(wrapper, &exe);
    cmd.args([engine, &server.endpoint(), BUCKET]);
    let out = run(cmd, Duration::from_secs(170));
    let report = text(&out);
    assert!(out.status.success(), "the memory program failed:\n{report}");
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    let line = |prefix: &str| -> String {
        stdout.lines().find(|l| l.starts_with(prefix)).unwrap_or_else(|| panic!("no {prefix} line:\n{report}")).to_owned()
    };
    assert_eq!(line("PREPARE "), "PREPARE S3T_OK", "{report}");
    const SIZE: usize = 12 * 1024 * 1024 + 3;
    let expected: Vec<u8> = (0..SIZE).map(|i| ((i * 31 + (i >> 8)) & 0xff) as u8).collect();
    let upload_engine = if engine == "classic" { "classic" } else { "crt" };
    assert_eq!(line("UPLOAD "), format!("UPLOAD S3T_OK {upload_engine} {SIZE}"), "{report}");
    assert!(server.object_bytes(BUCKET, "mem").as_deref() == Some(expected.as_slice()), "stored bytes are the buffer's");
    assert_eq!(line("EMPTY "), "EMPTY S3T_OK", "{report}");
    assert_eq!(server.object_bytes(BUCKET, "empty").as_deref(), Some(&b""[..]));
    if engine == "crt" {
        let refused = line("DOWNLOAD_REFUSED ");
        assert!(refused.starts_with("DOWNLOAD_REFUSED S3T_ERR_INVALID_ARGUMENT") && refused.contains("Engine::Auto"), "{report}");
        let refused = line("STREAM_REFUSED ");
        assert!(refused.starts_with("STREAM_REFUSED S3T_ERR_INVALID_ARGUMENT") && refused.contains("Engine::Auto"), "{report}");
    } else {
        assert_eq!(line("STREAM "), format!("STREAM S3T_OK classic {SIZE}"), "{report}");
        assert!(server.object_bytes(BUCKET, "stream").as_deref() == Some(expected.as_slice()), "stored bytes are the stream's");
        let failing = line("STREAM_FAILING ");
        assert!(
            failing.starts_with("STREAM_FAILING S3T_ERR_IO calls_after_done=0 later_calls=0 ") && failing.contains("returned -5"),
            "{report}"
        );
        assert_eq!(
            line("STREAM_CANCELLED "),
            "STREAM_CANCELLED S3T_ERR_CANCELLED in_read_at_done=0 calls_after_done=0 later_calls=0",
            "{report}"
        );
        assert!(server.object_bytes(BUCKET, "stream-cancelled").is_none(), "a cancelled stream upload stores nothing");
        assert!(server.object_bytes(BUCKET, "stream-failed").is_none(), "a failed stream upload stores nothing");
        assert!(server.open_multipart_uploads().is_empty(), "the failed upload's multipart upload was aborted");
        assert_eq!(line("DOWNLOAD "), format!("DOWNLOAD S3T_OK classic {SIZE} same"), "{report}");
        let failing = line("FAILING ");
        assert!(
            failing.starts_with("FAILING S3T_ERR_IO calls_after_done=0 later_calls=0 ") && failing.contains("returned 7"),
            "{report}"
        );
    }
    assert_eq!(line("NULL_DATA "), "NULL_DATA S3T_ERR_NULL_ARGUMENT", "{report}");
    assert_eq!(line("NULL_WRITE "), "NULL_WRITE S3T_ERR_NULL_ARGUMENT", "{report}");
    assert_eq!(line("NULL_READ "), "NULL_READ S3T_ERR_NULL_ARGUMENT", "{report}");
    assert_eq!(line("NULL_PREPARE "), "NULL_PREPARE S3T_ERR_NULL_ARGUMENT", "{report}");
    assert!(stdout.lines().any(|l| l == "END"), "{report}");
}

#[test]
fn c_memory_transfers_classic() {
    memory("classic", &[]);
}

#[cfg(feature = "crt")]
#[test]
fn c_memory_transfers_crt() {
    memory("crt", &[]);
}

#[cfg(feature = "crt")]
#[test]
fn c_memory_transfers_auto() {
    memory("auto", &[]);
}

/// The memory program under valgrind (AUTO: the buffer upload on the CRT, the stream download on
/// classic): no invalid access to the caller's buffer or callback data, no definite leak.
#[cfg(feature = "crt")]
#[test]
fn c_memory_transfers_under_valgrind() {
    let Some(wrapper) = valgrind() else { return };
    memory("auto", &wrapper);
}

/// `scripts/install-c.sh` installs the header, the libraries and a pkg-config file whose flags are
/// the link line the tests above use.
#[test]
fn install_script_writes_a_working_pkg_config_file() {
    let lib_dir = static_lib().parent().expect("library directory").to_owned();
    let profile = profile_dir();
    let prefix = tempfile::tempdir().expect("temp dir");
    let out = Command::new("bash")
        .arg(manifest_dir().join("scripts/install-c.sh"))
        .arg(prefix.path())
        .arg(profile.file_name().unwrap())
        .env("S3T_NO_BUILD", "1")
        // The libraries this test build produced (target/<profile>/ holds only what the last
        // `cargo build` copied there, nothing on a fresh checkout).
        .env("S3T_LIB_DIR", &lib_dir)
        .output()
        .expect("run scripts/install-c.sh");
    assert!(out.status.success(), "install-c.sh failed:\n{}", text(&out));
    for f in ["include/s3transfer.h", "lib/libs3transfer.a", "lib/libs3transfer.so", "lib/pkgconfig/s3transfer.pc"] {
        assert!(prefix.path().join(f).is_file(), "{f} is installed");
    }
    let Ok(pc) = Command::new("pkg-config")
        .args(["--cflags", "--libs", "s3transfer"])
        .env("PKG_CONFIG_PATH", prefix.path().join("lib/pkgconfig"))
        .output()
    else {
        eprintln!("skipped the pkg-config query: pkg-config is not on PATH");
        return;
    };
    assert!(pc.status.success(), "pkg-config failed:\n{}", text(&pc));
    let flags = String::from_utf8_lossy(&pc.stdout);
    let p = prefix.path().display();
    let expected = format!("-I{p}/include {p}/lib/libs3transfer.a {}", NATIVE_STATIC_LIBS.join(" "));
    assert_eq!(flags.trim(), expected);
}
