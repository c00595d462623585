"""The security core: roles, the one authorisation function, accounts and sessions, API keys, the audit log.

| module | |
|---|---|
| ``roles`` | the roles and what each is bound to (a reporting entity, an agency, a country) |
| ``policy`` | permissions and ``authorize(principal, permission, object)`` — every request is decided there |
| ``accounts`` | users, login with lock-out, server-side sessions, TOTP |
| ``apikeys`` | machine clients' keys |
| ``audit`` | the append-only, hash-chained audit log and its verification |
| ``passwords`` | argon2id hashing and the password policy |
| ``ratelimit`` | token buckets for login and API rate limits |
"""
