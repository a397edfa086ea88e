//! Every CRT object our wrappers create is released: with the CRT allocating through a tracking
//! allocator, the outstanding bytes return to their level from before the transfers once the client
//! is destroyed. One test in its own binary: the allocator is chosen at the process's first CRT call.


use std::time::{Duration, Instant};

use s3transfer::crt::auth::{Credentials, CredentialsProvider};
use s3transfer::crt::s3::{RequestBody, S3Client, S3ClientConfig};
use s3transfer::crt::{init_with_tracking_allocator, live_callback_states};
use crate::support::*;

const MIB: usize = 1024 * 1024;

/// Runs uploads, downloads (file and callback), a copy, a delete, a failing request and a cancelled
/// one on a fresh client, then destroys the client and waits for its threads.
fn workload(server: &TestServer, dir: &std::path::Path) {
    let creds = CredentialsProvider::new_static(&Credentials::new(ACCESS_KEY, SECRET_KEY)).expect("credentials");
    let client = S3Client::new(S3ClientConfig::new(REGION, server.endpoint(), creds).part_size(8 * MIB as u64))
        .expect("client");
    let wait = Duration::from_secs(120);
    let data = test_bytes(20 * MIB, 6);
    let src = dir.join("src.bin");
    std::fs::write(&src, &data).expect("write source");
    let ops = vec![
        client.put_object("bkt", "a", RequestBody::File(src)),
        client.put_object("bkt", "b", RequestBody::Bytes(data.clone().into())),
        client.get_object("bkt", "a").to_file(dir.join("a.out")),
        client.get_object("bkt", "b").on_body(|_, _| Ok(())),
        client.copy_object("bkt", "a", "bkt", "c"),
        client.head_object("bkt", "c"),
        client.delete_object("bkt", "c"),
        client.get_object("bkt", "missing").collect_body(),
    ];
    for op in ops {
        let req = client.send(op).expect("start");
        let _ = req.wait_timeout(wait).expect("finished in time");
    }
    let cancelled = client.send(client.put_object("bkt", "d", RequestBody::Bytes(data.into()))).expect("start");
    cancelled.cancel();
    let _ = cancelled.wait_timeout(wait).expect("finished in time");
    drop(cancelled);

    let shutdown = client.shutdown_signal();
    let threads = client.event_loop_shutdown_signal();
    drop(client);
    assert!(shutdown.wait_timeout(Duration::from_secs(30)), "client not destroyed");
    assert!(threads.wait_timeout(Duration::from_secs(30)), "event loops not shut down");
}

#[test]
fn crt_allocations_return_to_baseline_after_the_client_is_destroyed() {
    // The process's first CRT call chooses the allocator / its global subscriber is installed once.
    in_own_process("alloc::crt_allocations_return_to_baseline_after_the_client_is_destroyed", crt_allocations_return_to_baseline_after_the_client_is_destroyed_here);
}

fn crt_allocations_return_to_baseline_after_the_client_is_destroyed_here() {
    let alloc = init_with_tracking_allocator().allocator();
    assert!(alloc.outstanding_bytes().is_some(), "the tracking allocator must be the process's first CRT init");
    let server = TestServer::start();
    server.create_bucket("bkt");
    let dir = tempfile::tempdir().expect("tempdir");

    // A first round warms up what the CRT allocates once per process and keeps.
    workload(&server, dir.path());
    let settle = |limit: usize| {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let now = alloc.outstanding_bytes().unwrap();
            if now <= limit || Instant::now() > deadline {
                return now;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    };
    let baseline = settle(0);

    // Further rounds must not leave anything behind.
    for _ in 0..2 {
        workload(&server, dir.path());
    }
    let after = settle(baseline);
    assert!(after <= baseline, "CRT memory not released: {after} bytes outstanding vs {baseline} before");
    assert_eq!(live_callback_states(), 0);
}
