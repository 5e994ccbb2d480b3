-- scripts/bench: add a note as the timeline page does (htmx POST); cookie and CSRF header come from -H.
wrk.method = "POST"
wrk.body = "kind=note&channel=&visibility=team&body=Benchmark+note%3A+talked+about+the+week."
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.headers["HX-Request"] = "true"
