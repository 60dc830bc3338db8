"""The GovWatch service: scheduled crawls, probes and analysis (``python scheduler.py run``)."""
