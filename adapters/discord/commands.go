package discord

import (
	"strings"

	"github.com/bwmarrin/discordgo"
)

// maxQuestion bounds the /ask question option (Discord allows 6,000).
const maxQuestion = 1000

func fr(s string) *map[discordgo.Locale]string {
	return &map[discordgo.Locale]string{discordgo.French: s}
}

func frOpt(s string) map[discordgo.Locale]string {
	return map[discordgo.Locale]string{discordgo.French: s}
}

// commands are the slash commands the bot registers, with French names
// and descriptions. Discord always sends the default (English) name back,
// whatever the person's locale.
func commands() []*discordgo.ApplicationCommand {
	contexts := &[]discordgo.InteractionContextType{discordgo.InteractionContextGuild, discordgo.InteractionContextBotDM}
	installs := &[]discordgo.ApplicationIntegrationType{discordgo.ApplicationIntegrationGuildInstall}
	cmd := func(name, frName, desc, frDesc string, opts ...*discordgo.ApplicationCommandOption) *discordgo.ApplicationCommand {
		return &discordgo.ApplicationCommand{
			Type:                     discordgo.ChatApplicationCommand,
			Name:                     name,
			NameLocalizations:        fr(frName),
			Description:              desc,
			DescriptionLocalizations: fr(frDesc),
			Options:                  opts,
			Contexts:                 contexts,
			IntegrationTypes:         installs,
		}
	}
	one := 1
	return []*discordgo.ApplicationCommand{
		cmd("ask", "demander", "Ask a question about settling in Canada", "Poser une question sur l’installation au Canada",
			&discordgo.ApplicationCommandOption{
				Type: discordgo.ApplicationCommandOptionString, Name: "question", NameLocalizations: frOpt("question"),
				Description: "Your question, in your language", DescriptionLocalizations: frOpt("Votre question, dans votre langue"),
				Required: true, MinLength: &one, MaxLength: maxQuestion,
			}),
		cmd("help", "aide", "What this bot can do", "Ce que ce bot peut faire"),
		cmd("language", "langue", "Choose the language of the answers", "Choisir la langue des réponses",
			&discordgo.ApplicationCommandOption{
				Type: discordgo.ApplicationCommandOptionString, Name: "code", NameLocalizations: frOpt("code"),
				Description: "Language code such as en, fr, ar, es (leave empty for a list)", DescriptionLocalizations: frOpt("Code de langue comme en, fr, ar, es (vide pour une liste)"),
				MaxLength: 10,
			}),
		cmd("region", "region", "Set your province or city", "Indiquer votre province ou votre ville",
			&discordgo.ApplicationCommandOption{
				Type: discordgo.ApplicationCommandOptionString, Name: "place", NameLocalizations: frOpt("lieu"),
				Description: "Province or city, such as Ontario or Calgary", DescriptionLocalizations: frOpt("Province ou ville, par exemple Ontario ou Calgary"),
				MaxLength: 100,
			}),
		cmd("human", "humain", "Talk to a settlement worker", "Parler à une intervenante ou un intervenant"),
		cmd("forget", "oublier", "Delete what the bot remembers about you", "Effacer ce que le bot sait de vous"),
		cmd("privacy", "confidentialite", "How your information is handled", "Comment vos renseignements sont traités"),
	}
}

// commandText maps a slash command to the text the engine understands:
// /ask q → q, /region x → "/region x", /help → "/help". It reports false
// for a command the bot does not know (one left over from an older version).
func commandText(d discordgo.ApplicationCommandInteractionData) (string, bool) {
	arg := ""
	for _, o := range d.Options {
		if o == nil {
			continue
		}
		if v, ok := o.Value.(string); ok {
			arg = strings.TrimSpace(v)
		}
	}
	switch d.Name {
	case "ask":
		return arg, true
	case "help", "human", "forget", "privacy", "language", "region":
		if arg != "" {
			return "/" + d.Name + " " + arg, true
		}
		return "/" + d.Name, true
	}
	return "", false
}

// followsChannel reports whether the answer to the command may be public
// in a channel listed in PublicChannels. The others (language, region,
// human, forget, privacy) are about the person and stay ephemeral.
func followsChannel(name string) bool { return name == "ask" || name == "help" }

// The adapter's own sentences: notes about where an answer went. The bot
// package owns every other string; these belong to Discord's way of
// moving personal answers out of channels.
var notes = map[string]map[string]string{
	"en": {
		"dm_sent":    "I sent you a direct message.",
		"dm_closed":  "I have a private answer for you, but I cannot send you direct messages. Please allow direct messages from server members (Privacy settings of this server), then ask me again, or use /ask here.",
		"in_private": "I answered you privately.",
	},
	"fr": {
		"dm_sent":    "Je vous ai envoyé un message privé.",
		"dm_closed":  "J’ai une réponse privée pour vous, mais je ne peux pas vous écrire en message privé. Autorisez les messages privés des membres du serveur (paramètres de confidentialité du serveur), puis reposez votre question, ou utilisez /ask ici.",
		"in_private": "Je vous ai répondu en privé.",
	},
}

func note(lang, key string) string {
	if m, ok := notes[lang]; ok {
		return m[key]
	}
	return notes["en"][key]
}
