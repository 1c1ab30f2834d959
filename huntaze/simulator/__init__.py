"""An OnlyFans-compatible HTTP simulator, so tests, the demo and benchmarks never need onlyfans.com.

``server.run_in_thread`` / ``server.run_subprocess`` start it on loopback; ``huntaze-sim`` is the
command line (``cli.py``). The API follows ``/work/shared/onlyfans-api.md``; the ``/_sim``
control plane is documented in ``app.py``. Nothing is imported here: Django loads this
package as an app and must not pay for uvicorn.
"""
