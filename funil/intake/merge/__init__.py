"""Duplicates and merge: possible duplicates found by intake matching, merged into one survivor, reversibly."""
