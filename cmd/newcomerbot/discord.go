package main

import (
	"context"

	"github.com/newcomerbot/newcomerbot/adapters/discord"
)

// startDiscord builds the Discord adapter from the configuration,
// registers it as the "discord" sender and returns the function that runs
// it.
func startDiscord(ctx context.Context, a *app) (service, error) {
	d, err := discord.New(discord.Config{
		Token:          string(a.cfg.DiscordToken),
		AppID:          a.cfg.DiscordAppID,
		GuildID:        a.cfg.DiscordGuildID,
		APIBase:        a.cfg.DiscordAPIBase,
		StaffChannel:   a.cfg.HandoffDiscord,
		ShardID:        a.cfg.DiscordShardID,
		ShardCount:     a.cfg.DiscordShards,
		MessageContent: a.cfg.DiscordContent,
		PublicChannels: a.cfg.DiscordPublic,
	}, a.engine, a.redis.Platform(), a.log)
	if err != nil {
		return nil, err
	}
	a.senders["discord"] = d
	return d.Run, nil
}
