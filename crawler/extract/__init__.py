"""Pure HTML extraction for GovWatch (no network, no Scrapy objects)."""

from crawler.extract.article import TEMPLATES, TemplateSpec, extract_article, register_template
from crawler.extract.charset import decode_html
from crawler.extract.dates import date_from_url, find_dates, parse_date
from crawler.extract.metadata import extract_metadata
from crawler.extract.types import ArticleData, Attachment, Image, Link

__all__ = [
    "TEMPLATES", "ArticleData", "Attachment", "Image", "Link", "TemplateSpec", "date_from_url",
    "decode_html", "extract_article", "extract_metadata", "find_dates", "parse_date",
    "register_template",
]
