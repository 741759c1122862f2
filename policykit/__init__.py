"""Policy logic for the policy site: registry, front matter, variables, checks, dates.

Plain Python with no MkDocs import, so that the site engine can change without touching it;
the MkDocs hooks in hooks/ are thin adapters over these modules.
"""
