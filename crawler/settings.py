"""Scrapy settings for GovWatch. Polite by default; every GOVWATCH_* setting is documented in the README."""

import os

BOT_NAME = "govwatch"
SPIDER_MODULES = ["crawler.spiders"]
NEWSPIDER_MODULE = "crawler.spiders"

USER_AGENT = "GovWatch/0.1 (+government website inspection)"
ROBOTSTXT_OBEY = os.environ.get("GOVWATCH_ROBOTSTXT_OBEY", "1") != "0"

# Scrapy 2.19 starts a code-running HTTP control server unless told not to.
REMOTE_CONTROL_ENABLED = False
TELNETCONSOLE_ENABLED = False

CONCURRENT_REQUESTS = 16
CONCURRENT_REQUESTS_PER_DOMAIN = 8
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 0.2
AUTOTHROTTLE_MAX_DELAY = 10
AUTOTHROTTLE_TARGET_CONCURRENCY = 6.0
DOWNLOAD_TIMEOUT = 20
RETRY_ENABLED = True
RETRY_TIMES = 2
DOWNLOAD_MAXSIZE = 64 * 1024 * 1024
DOWNLOAD_WARNSIZE = 16 * 1024 * 1024
COOKIES_ENABLED = False
REACTOR_THREADPOOL_MAXSIZE = 10
LOG_LEVEL = os.environ.get("GOVWATCH_LOG_LEVEL", "INFO")

# A callback that raises becomes a `failures` record (parse_error) instead of a lost page.
SPIDER_MIDDLEWARES = {
    "crawler.callback_errors.CallbackErrorMiddleware": 950,
}
GOVWATCH_PARSE_ERRORS_ENABLED = True
# Incremental crawls revalidate home and list pages (ETag / Last-Modified); after
# decompression (590) so the kept copy is the page itself, before retries (550).
DOWNLOADER_MIDDLEWARES = {
    "crawler.conditional.ConditionalRequestsMiddleware": 560,
}
# A progress line every few seconds when the crawl runs on a terminal.
EXTENSIONS = {
    "crawler.progress.Progress": 500,
}

ITEM_PIPELINES = {
    "pipelines.clean.CleanPipeline": 100,
    "pipelines.validate.ValidatePipeline": 200,
    "pipelines.ownership.OwnershipPipeline": 250,
    "pipelines.files.AttachmentsPipeline": 300,
    "pipelines.mongo.MongoWriterPipeline": 900,
}

# JavaScript-built lists (and only they) go through headless Chromium.
DOWNLOAD_HANDLERS = {
    "http": "scrapy_playwright.handler.ScrapyPlaywrightDownloadHandler",
    "https": "scrapy_playwright.handler.ScrapyPlaywrightDownloadHandler",
}
PLAYWRIGHT_BROWSER_TYPE = "chromium"
PLAYWRIGHT_LAUNCH_OPTIONS = {
    "executable_path": os.environ.get("GOVWATCH_CHROMIUM", "/usr/bin/chromium"),
    "headless": True,
    "args": ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
             "--disable-component-update", "--disable-sync", "--no-first-run"],
    "timeout": 30000,
}
PLAYWRIGHT_DEFAULT_NAVIGATION_TIMEOUT = 30000

GOVWATCH_SITES = os.environ.get("GOVWATCH_SITES")
GOVWATCH_JS_ENABLED = True
GOVWATCH_FILES_ENABLED = True
GOVWATCH_OWNERSHIP_ENABLED = True
GOVWATCH_FILES_STORE = os.environ.get("GOVWATCH_FILES_STORE", "data/files")
GOVWATCH_FILES_MAXSIZE = 50 * 1024 * 1024
GOVWATCH_MONGO_ENABLED = True
GOVWATCH_MONGO_URI = os.environ.get("MONGO_URI")
GOVWATCH_MONGO_DB = os.environ.get("MONGO_DB", "govwatch")
GOVWATCH_MONGO_BATCH = 50
GOVWATCH_SPOOL_DIR = os.environ.get("GOVWATCH_SPOOL_DIR", "data/spool")
GOVWATCH_MONGO_CLOSE_WAIT = 300  # seconds a crawl's end waits for MongoDB to take its spooled batches
GOVWATCH_CONDITIONAL_ENABLED = True
GOVWATCH_CONDITIONAL_DIR = os.environ.get("GOVWATCH_CONDITIONAL_DIR", "data/conditional")
GOVWATCH_PROGRESS = os.environ.get("GOVWATCH_PROGRESS")  # unset: on when stderr is a terminal
GOVWATCH_PROGRESS_INTERVAL = 5.0
