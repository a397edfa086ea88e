//! The destination cannot take the file: a full file system (an 8 MiB tmpfs), a destination whose
//! parent is a regular file, a read-only file system. The download fails with the local error, the
//! existing destination (if any) is untouched, and no temp file is left.
//!
//! The tests run as root, which ignores permission bits, so "unwritable" is made with a path under a
//! regular file (ENOTDIR) and a read-only tmpfs (EROFS). Mounting needs root: where it is not possible
//! the tmpfs cases say so on stderr and check nothing.

use crate::support::*;

const PART: usize = 5 * MIB;

/// A local write failure is `Io` with the file and the `ErrorKind` on both engines (on the CRT the
/// engine diagnoses the write aws-c-s3 reports without an error code).
#[track_caller]
fn assert_local_error(_engine: Engine, err: &TransferError, kinds: &[std::io::ErrorKind]) {
    assert!(!err.is_cancelled(), "{err:?}");
    assert_eq!(err.http_status(), None, "{err:?}");
    match err {
        TransferError::Io { kind, path, .. } => {
            assert!(kinds.contains(kind), "unexpected kind: {err:?}");
            assert!(path.is_some(), "the error names the file: {err:?}");
        }
        other => panic!("expected a local I/O error, got {other:?}"),
    }
}

fn server_with(data: &[u8]) -> TestServer {
    let server = TestServer::start();
    server.create_bucket(BUCKET);
    server.put_object_bytes(BUCKET, "big", data);
    server.put_object_bytes(BUCKET, "single", &data[..3 * MIB]);
    server
}

/// Downloads (ranged, 12 MiB; and a single GET of 3 MiB after the tmpfs was filled) into an 8 MiB
/// tmpfs: each fails with "no space" and leaves the directory as it was.
fn full_destination_disk(engine: Engine) {
    let Some(fs) = Tmpfs::mount("size=8m") else {
        eprintln!("skipped: cannot mount a tmpfs here (needs root)");
        return;
    };
    let data = test_bytes(12 * MIB, 151);
    let server = server_with(&data);
    let tm = manager(server.sdk_client(), config_sized(engine, PART, PART));
    let dest = fs.path().join("out");
    std::fs::write(&dest, b"previous content").unwrap();
    let err = finish_err(&tm.download(BUCKET, "big", dest.clone()).start().expect("start"));
    eprintln!("{engine:?}: full disk: {err:?}");
    assert_local_error(engine, &err, &[std::io::ErrorKind::StorageFull]);
    assert_eq!(std::fs::read(&dest).unwrap(), b"previous content", "the existing file is untouched");
    assert_complete_or_absent(&dest, b"previous content", &[]);

    // Fill the disk to 6 MiB, then a 3 MiB single GET cannot fit either.
    std::fs::write(fs.path().join("filler"), vec![0u8; 6 * MIB]).unwrap();
    let dest2 = fs.path().join("out2");
    let err = finish_err(&tm.download(BUCKET, "single", dest2.clone()).start().expect("start"));
    assert_local_error(engine, &err, &[std::io::ErrorKind::StorageFull]);
    assert!(!dest2.exists(), "no partial file");
    assert_eq!(dir_names(fs.path()), vec!["filler".to_owned(), "out".to_owned()], "no temp file left");
}

/// The destination's parent is a regular file: fails at once with NotADirectory (ENOTDIR), nothing
/// is created.
fn destination_under_a_regular_file(engine: Engine) {
    let data = test_bytes(6 * MIB, 152);
    let server = server_with(&data);
    let tm = manager(server.sdk_client(), config_sized(engine, PART, PART));
    let dir = tempfile::tempdir().unwrap();
    let file = write_file(dir.path(), "a-file", b"x");
    for key in ["big", "single"] {
        let dest = file.join("out");
        let err = start_result(tm.download(BUCKET, key, dest.clone()).start()).expect_err("cannot write under a file");
        eprintln!("{engine:?}: under a file: {err:?}");
        assert_local_error(engine, &err, &[std::io::ErrorKind::NotADirectory]);
        assert_eq!(dir_names(dir.path()), vec!["a-file".to_owned()], "nothing created");
        assert_eq!(std::fs::read(&file).unwrap(), b"x");
    }
}

/// A read-only file system as the destination directory: fails with ReadOnlyFilesystem (EROFS).
fn read_only_destination_directory(engine: Engine) {
    let Some(fs) = Tmpfs::mount("ro,size=1m") else {
        eprintln!("skipped: cannot mount a tmpfs here (needs root)");
        return;
    };
    let data = test_bytes(6 * MIB, 153);
    let server = server_with(&data);
    let tm = manager(server.sdk_client(), config_sized(engine, PART, PART));
    for key in ["big", "single"] {
        let dest = fs.path().join("out");
        let err = start_result(tm.download(BUCKET, key, dest.clone()).start()).expect_err("read-only");
        eprintln!("{engine:?}: read-only: {err:?}");
        assert_local_error(engine, &err, &[std::io::ErrorKind::ReadOnlyFilesystem]);
        assert!(dir_names(fs.path()).is_empty(), "nothing created");
    }
}

engine_tests! {
    full_destination_disk,
    destination_under_a_regular_file,
    read_only_destination_directory,
}
