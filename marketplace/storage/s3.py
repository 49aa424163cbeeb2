"""The S3-compatible backend (AWS S3, MinIO, Ceph, Cloudflare R2, DigitalOcean Spaces, ...), through
boto3. One client per app, shared by its threads (boto3 clients are thread-safe; the default
session is not, so each client gets its own session)."""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

import boto3
from botocore.config import Config as BotoConfig
from botocore.exceptions import BotoCoreError, ClientError

from .base import NotStored, ObjectInfo, StorageError, StoredFile, check_key
from .local import guess_type

MISSING = {"NoSuchKey", "404", "NotFound"}
DELETE_BATCH = 1000  # the most one DeleteObjects request takes


@dataclass(frozen=True)
class S3Settings:
    bucket: str
    prefix: str = ""  # "" or ends with "/"
    endpoint_url: str | None = None
    region: str | None = None
    access_key_id: str | None = None
    secret_access_key: str | None = None
    timeout: float = 5.0
    addressing_style: str = "auto"


def make_client(settings: S3Settings):
    """A boto3 S3 client. Without an access key in the settings boto3 looks for credentials as
    it always does (AWS_* variables, a shared credentials file, an instance role)."""
    session = boto3.session.Session()
    config = BotoConfig(
        connect_timeout=settings.timeout,
        read_timeout=settings.timeout,
        # two tries: a photo upload waits for at most ~2 timeouts before the seller is told
        retries={"max_attempts": 2, "mode": "standard"},
        s3={"addressing_style": settings.addressing_style},
        signature_version="s3v4",
    )
    return session.client(
        "s3",
        endpoint_url=settings.endpoint_url,
        region_name=settings.region,
        aws_access_key_id=settings.access_key_id,
        aws_secret_access_key=settings.secret_access_key,
        config=config,
    )


def _code(exc: ClientError) -> str:
    return str(exc.response.get("Error", {}).get("Code", ""))


def _aware(value) -> dt.datetime:
    if isinstance(value, dt.datetime):
        return value if value.tzinfo else value.replace(tzinfo=dt.timezone.utc)
    return dt.datetime.now(dt.timezone.utc)


class S3Storage:
    kind = "s3"

    def __init__(self, client, bucket: str, prefix: str = "") -> None:
        self.client = client
        self.bucket = bucket
        self.prefix = prefix

    def _name(self, key: str) -> str:
        return self.prefix + check_key(key)

    def _failed(self, what: str, key: str, exc: Exception) -> StorageError:
        return StorageError(f"S3 {what} of s3://{self.bucket}/{self.prefix}{key} failed: {exc}")

    def _info(self, key: str, answer: dict) -> ObjectInfo:
        return ObjectInfo(key=key, size=int(answer.get("ContentLength", 0)),
                          etag=str(answer.get("ETag", "")).strip('"'),
                          content_type=answer.get("ContentType") or guess_type(key),
                          last_modified=_aware(answer.get("LastModified")))

    def put(self, key: str, data: bytes, content_type: str, *, cache_control: str | None = None) -> None:
        extra = {"CacheControl": cache_control} if cache_control else {}
        try:
            self.client.put_object(Bucket=self.bucket, Key=self._name(key), Body=data, ContentType=content_type,
                                   **extra)
        except (BotoCoreError, ClientError) as exc:
            raise self._failed("upload", key, exc) from exc

    def open(self, key: str) -> StoredFile:
        answer = self._read("download", key, self.client.get_object)
        return StoredFile(self._info(key, answer), answer["Body"])

    def stat(self, key: str) -> ObjectInfo:
        return self._info(key, self._read("look-up", key, self.client.head_object))

    def _read(self, what: str, key: str, call) -> dict:
        """``call(Bucket=, Key=)`` for ``key``: NotStored when the bucket has no such object,
        StorageError (naming ``what``) when the bucket cannot answer."""
        try:
            return call(Bucket=self.bucket, Key=self._name(key))
        except ClientError as exc:
            if _code(exc) in MISSING:
                raise NotStored(key) from None
            raise self._failed(what, key, exc) from exc
        except BotoCoreError as exc:
            raise self._failed(what, key, exc) from exc

    def exists(self, key: str) -> bool:
        try:
            self.stat(key)
        except NotStored:
            return False
        return True

    def delete(self, *keys: str) -> None:
        names = [self._name(key) for key in keys]
        for start in range(0, len(names), DELETE_BATCH):
            batch = names[start:start + DELETE_BATCH]
            try:
                answer = self.client.delete_objects(
                    Bucket=self.bucket, Delete={"Objects": [{"Key": n} for n in batch], "Quiet": True})
            except (BotoCoreError, ClientError) as exc:
                raise self._failed("delete", batch[0][len(self.prefix):], exc) from exc
            errors = [e for e in answer.get("Errors", []) if e.get("Code") not in MISSING]
            if errors:
                raise StorageError(f"S3 delete refused for {len(errors)} object(s): {errors[0]}")

    def keys(self) -> Iterator[str]:
        try:
            for page in self.client.get_paginator("list_objects_v2").paginate(Bucket=self.bucket, Prefix=self.prefix):
                for item in page.get("Contents", []):
                    yield item["Key"][len(self.prefix):]
        except (BotoCoreError, ClientError) as exc:
            raise self._failed("listing", "", exc) from exc

    def describe(self) -> str:
        return f"s3://{self.bucket}/{self.prefix}"
