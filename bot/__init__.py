"""filmbot's front ends: the Discord bot, the command line and the local console.

Importing this package does not import discord; the Discord parts load only when the bot runs.
"""
