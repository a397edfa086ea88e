//! The CRT's own log lines reach `tracing` (target `s3transfer::crt`, with the CRT subject), at the
//! level the installed subscriber asks for. One test in its own binary: it installs the global
//! subscriber.


use std::sync::{Arc, Mutex};
use std::time::Duration;

use s3transfer::crt::auth::{Credentials, CredentialsProvider};
use s3transfer::crt::s3::{S3Client, S3ClientConfig};
use crate::support::*;
use tracing::field::{Field, Visit};
use tracing_subscriber::layer::{Context, SubscriberExt};
use tracing_subscriber::Layer;

/// (target, level, subject, message) of each event.
type Events = Arc<Mutex<Vec<(String, tracing::Level, String, String)>>>;

#[derive(Clone, Default)]
struct Capture(Events);

#[derive(Default)]
struct Fields {
    subject: String,
    message: String,
}

impl Visit for Fields {
    fn record_str(&mut self, field: &Field, value: &str) {
        if field.name() == "subject" {
            self.subject = value.to_owned();
        }
    }
    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        match field.name() {
            "message" => self.message = format!("{value:?}"),
            "subject" => self.subject = format!("{value:?}").trim_matches('"').to_owned(),
            _ => {}
        }
    }
}

impl<S: tracing::Subscriber> Layer<S> for Capture {
    fn on_event(&self, event: &tracing::Event<'_>, _ctx: Context<'_, S>) {
        let mut f = Fields::default();
        event.record(&mut f);
        let m = event.metadata();
        self.0.lock().unwrap().push((m.target().to_owned(), *m.level(), f.subject, f.message));
    }
}

#[test]
fn crt_log_lines_are_forwarded_to_tracing() {
    // The process's first CRT call chooses the allocator / its global subscriber is installed once.
    in_own_process("logging::crt_log_lines_are_forwarded_to_tracing", crt_log_lines_are_forwarded_to_tracing_here);
}

fn crt_log_lines_are_forwarded_to_tracing_here() {
    let capture = Capture::default();
    let subscriber = tracing_subscriber::registry()
        .with(capture.clone().with_filter(tracing_subscriber::filter::LevelFilter::DEBUG));
    tracing::subscriber::set_global_default(subscriber).expect("first global subscriber in this binary");

    let server = TestServer::start();
    server.create_bucket("bkt");
    server.put_object_bytes("bkt", "k", b"0123456789");
    let creds = CredentialsProvider::new_static(&Credentials::new(ACCESS_KEY, SECRET_KEY)).expect("credentials");
    let client = S3Client::new(S3ClientConfig::new(REGION, server.endpoint(), creds)).expect("client");
    let req = client.send(client.head_object("bkt", "k")).expect("start head");
    req.wait_timeout(Duration::from_secs(60)).expect("finished").expect("head succeeds");
    drop(req);
    drop(client);

    let events = capture.0.lock().unwrap().clone();
    let crt: Vec<_> = events.iter().filter(|(target, ..)| target == "s3transfer::crt").collect();
    assert!(!crt.is_empty(), "no CRT log line reached tracing ({} events in total)", events.len());
    assert!(crt.iter().any(|(_, _, subject, _)| subject.starts_with("S3")), "no event from an S3 subject: {crt:?}");
    assert!(crt.iter().all(|(_, _, _, message)| !message.is_empty()), "empty CRT message");
}
