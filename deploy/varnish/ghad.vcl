vcl 4.1;
# Varnish in front of Ghad (Varnish 7.1 and vmod_xkey from Debian bookworm's `varnish` and
# `varnish-modules`). Check it with: varnishd -C -f deploy/varnish/ghad.vcl
#
# - Pages are cached as Ghad's Cache-Control says (s-maxage), tagged with the tags Ghad sends in
#   Surrogate-Key; Ghad purges them by tag (GHAD_PURGE_URLS=http://<this varnish>:6081/):
#     PURGE /  with  xkey-purge: home section:3 article:42   →  200 "Purged <n>"
#     PURGE /  with  xkey-purge: *                            →  200, everything banned
#   from the addresses in ghad_purgers only.
# - An app host takes requests while /readyz answers 200, so that one cut from the database
#   leaves the rotation rather than failing every write sent to it (npm run drill showed it);
#   while no host is ready (PostgreSQL restarting), those that answer /healthz take them.
# - While an app host is up, a page past its time is served at most 10 s stale while it is
#   fetched again; when none is, pages up to 6 hours old are served (grace), and a failed
#   fetch falls back to the stale page too.
# - The newsroom, the admin API, writes and anyone signed in (ghad_session) go to Ghad
#   uncached; reader pages read no cookie, so those a browser sends (analytics, ads) are dropped.
# Ghad behind it: GHAD_TRUST_PROXY=on (client addresses from X-Forwarded-For).

import directors;
import std;
import xkey;

# BEGIN app hosts: each Ghad host twice, as ready (probed on /readyz) and as alive (on /healthz).
# Requests go to the ready hosts, in turn; when none is (PostgreSQL restarting), to those alive,
# which still serve the pages they hold rather than leave readers without a page.
probe ghad_ready {
  .request = "GET /readyz HTTP/1.1"
    "Host: localhost"
    "Connection: close"
    "User-Agent: Varnish health probe";
  .expected_response = 200;
  .interval = 2s;
  .timeout = 1s;
  .window = 3;
  .threshold = 2;
  .initial = 2;
}

probe ghad_alive {
  .request = "GET /healthz HTTP/1.1"
    "Host: localhost"
    "Connection: close"
    "User-Agent: Varnish health probe";
  .expected_response = 200;
  .interval = 2s;
  .timeout = 1s;
  .window = 3;
  .threshold = 2;
  .initial = 2;
}

backend ghad_1 {
  .host = "127.0.0.1";
  .port = "3000";
  .probe = ghad_ready;
  .connect_timeout = 1s;
  .first_byte_timeout = 30s;
  .between_bytes_timeout = 10s;
}

backend ghad_1_alive {
  .host = "127.0.0.1";
  .port = "3000";
  .probe = ghad_alive;
  .connect_timeout = 1s;
  .first_byte_timeout = 30s;
  .between_bytes_timeout = 10s;
}

# A second host: ghad_2 and ghad_2_alive, the same with its address, each added below.

sub vcl_init {
  new ghad_ready_hosts = directors.round_robin();
  ghad_ready_hosts.add_backend(ghad_1);
  new ghad_alive_hosts = directors.round_robin();
  ghad_alive_hosts.add_backend(ghad_1_alive);
  new ghad = directors.fallback();
  ghad.add_backend(ghad_ready_hosts.backend());
  ghad.add_backend(ghad_alive_hosts.backend());
}
# END app hosts

# Who may purge: this machine and the private ranges the app hosts live in.
acl ghad_purgers {
  "127.0.0.1";
  "::1";
  "10.0.0.0"/8;
  "172.16.0.0"/12;
  "192.168.0.0"/16;
  "fc00::"/7;
}

sub vcl_recv {
  set req.backend_hint = ghad.backend();

  if (req.method == "PURGE") {
    if (client.ip !~ ghad_purgers) {
      return (synth(403, "Forbidden"));
    }
    if (req.http.xkey-purge !~ "[^ ,]") {
      return (synth(400, "No tags in xkey-purge"));
    }
    if (req.http.xkey-purge ~ "(^|[ ,])\*($|[ ,])") {
      ban("obj.status != 0");
      set req.http.x-purged = "all";
      return (synth(200, "Purged all"));
    }
    # While a host is up the next reader gets the new page; with none up, purged pages stay
    # available as stale ones rather than leaving readers an error.
    if (std.healthy(req.backend_hint)) {
      set req.http.x-purged = xkey.purge(req.http.xkey-purge);
    } else {
      set req.http.x-purged = xkey.softpurge(req.http.xkey-purge);
    }
    return (synth(200, "Purged " + req.http.x-purged));
  }

  # Ghad's own markers, never taken from a client.
  if (req.restarts == 0) {
    unset req.http.x-ghad-refresh;
    unset req.http.x-ghad-stale-if-error;
    unset req.http.x-ghad-pass;
  }
  if (req.http.x-ghad-stale-if-error) {
    set req.grace = 6h;
  } elsif (std.healthy(req.backend_hint)) {
    set req.grace = 10s;
  } else {
    set req.grace = 6h;
  }
  if (req.http.x-ghad-refresh) {
    set req.hash_always_miss = true;
  }

  if (req.method != "GET" && req.method != "HEAD") {
    set req.http.x-ghad-pass = "1";
    return (pass);
  }
  if (req.url ~ "^/(newsroom|api/v1/admin)([/?]|$)" || req.url ~ "^/(healthz|readyz)([/?]|$)") {
    set req.http.x-ghad-pass = "1";
    return (pass);
  }
  if (req.http.Cookie ~ "(^|;)\s*ghad_session=") {
    set req.http.x-ghad-pass = "1";
    return (pass);
  }
  # Reader pages read no cookie: whatever a browser sends would only split the cache.
  unset req.http.Cookie;
  # The built-in VCL goes on: requests with Authorization pass, the rest are looked up.
}

sub vcl_hit {
  # A page that ends at a set time (no stale-while-revalidate in its Cache-Control) is fetched
  # again when its time is up, while a host is up.
  if (obj.ttl <= 0s && obj.http.x-ghad-no-stale && req.restarts == 0 && std.healthy(req.backend_hint)) {
    set req.http.x-ghad-refresh = "1";
    return (restart);
  }
}

sub vcl_backend_response {
  if (beresp.http.Surrogate-Key) {
    set beresp.http.xkey = beresp.http.Surrogate-Key;
  } elsif (beresp.http.Cache-Control !~ "immutable" && beresp.ttl > 10s) {
    # No purge by tag reaches it (a redirect, a page with too many tags to send): kept briefly.
    # Assets and images, named by their content, never change.
    set beresp.ttl = 10s;
  }
  if (beresp.http.x-ghad-cache && beresp.http.Cache-Control !~ "stale-while-revalidate") {
    set beresp.http.x-ghad-no-stale = "1";
  }
  # Varnish compresses and decompresses itself: one object per page, not one per encoding.
  if (beresp.http.Vary == "Accept-Encoding") {
    unset beresp.http.Vary;
    set beresp.http.x-ghad-vary = "Accept-Encoding";
  }
  if (beresp.status >= 500) {
    if (bereq.is_bgfetch) {
      # Keep serving the stale page rather than an error.
      return (abandon);
    }
    set beresp.ttl = 0s;
    set beresp.uncacheable = true;
    return (deliver);
  }
  # Kept 6 hours past their time, to be served while no host is up (req.grace decides when).
  set beresp.grace = 6h;
}

sub vcl_backend_error {
  set beresp.http.Content-Type = "text/html; charset=utf-8";
  set beresp.http.Cache-Control = "no-store";
  set beresp.ttl = 0s;
  set beresp.grace = 0s;
  set beresp.body = {"<!doctype html>
<html lang="ar" dir="rtl"><head><meta charset="utf-8"><title>الموقع غير متاح مؤقتا</title></head>
<body><h1>الموقع غير متاح مؤقتا</h1><p>نعتذر، تعذر عرض هذه الصفحة الآن. أعد المحاولة بعد قليل.</p></body></html>
"};
  return (deliver);
}

sub vcl_deliver {
  # A fetch that failed: the stale page, if one is kept, rather than the error.
  if (resp.status >= 500 && req.restarts == 0 && !req.http.x-ghad-pass) {
    set req.http.x-ghad-stale-if-error = "1";
    return (restart);
  }
  if (obj.hits > 0) {
    set resp.http.X-Cache = "HIT";
  } else {
    set resp.http.X-Cache = "MISS";
  }
  if (resp.http.x-ghad-vary) {
    set resp.http.Vary = resp.http.x-ghad-vary;
    unset resp.http.x-ghad-vary;
  }
  unset resp.http.xkey;
  unset resp.http.x-ghad-no-stale;
}

sub vcl_synth {
  if (req.method == "PURGE") {
    set resp.http.Content-Type = "text/plain; charset=utf-8";
    if (req.http.x-purged) {
      set resp.http.X-Purged = req.http.x-purged;
    }
    set resp.body = resp.reason + {"
"};
    return (deliver);
  }
}
