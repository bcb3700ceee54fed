package com.scamscan.evaluation;

import java.util.Map;

/**
 * The apps' own words (not the message's) in the phone's language, taken to be the message's language; Hinglish
 * readers' phones are set to English.
 */
record UiText(String today, String iosTextMessage, String androidPlaceholder, String whatsappPlaceholder,
              String encrypted, String toMe, String inbox, String reply, String forward) {

    private static final UiText ENGLISH = new UiText("Today", "Text Message", "Text message", "Message",
            "Messages and calls are end-to-end encrypted. No one outside of this chat, not even WhatsApp, can read or "
                    + "listen to them. Tap to learn more.", "to me", "Inbox", "Reply", "Forward");

    private static final Map<String, UiText> BY_LANGUAGE = Map.of(
            "es", new UiText("Hoy", "Mensaje de texto", "Mensaje de texto", "Mensaje",
                    "Los mensajes y las llamadas están cifrados de extremo a extremo. Nadie fuera de este chat, ni "
                            + "siquiera WhatsApp, puede leerlos ni escucharlos.", "para mí", "Recibidos", "Responder",
                    "Reenviar"),
            "de", new UiText("Heute", "Textnachricht", "Textnachricht", "Nachricht",
                    "Nachrichten und Anrufe sind Ende-zu-Ende-verschlüsselt. Niemand außerhalb dieses Chats kann sie "
                            + "lesen oder anhören, nicht einmal WhatsApp.", "an mich", "Posteingang", "Antworten",
                    "Weiterleiten"),
            "fr", new UiText("Aujourd'hui", "SMS", "Message texte", "Message",
                    "Les messages et les appels sont chiffrés de bout en bout. Aucune personne en dehors de cette "
                            + "discussion, pas même WhatsApp, ne peut les lire ou les écouter.", "à moi",
                    "Boîte de réception", "Répondre", "Transférer"),
            "pt", new UiText("Hoje", "Mensagem de texto", "Mensagem de texto", "Mensagem",
                    "As mensagens e as chamadas são encriptadas ponto a ponto. Ninguém fora desta conversa, nem mesmo "
                            + "o WhatsApp, as pode ler ou ouvir.", "para mim", "Caixa de entrada", "Responder",
                    "Reencaminhar"),
            "it", new UiText("Oggi", "Messaggio di testo", "SMS", "Messaggio",
                    "I messaggi e le chiamate sono crittografati end-to-end. Nessuno al di fuori di questa chat, "
                            + "nemmeno WhatsApp, può leggerli o ascoltarli.", "a me", "Posta in arrivo", "Rispondi",
                    "Inoltra"),
            "nl", new UiText("Vandaag", "Sms", "Sms-bericht", "Bericht",
                    "Berichten en gesprekken worden end-to-end versleuteld. Niemand buiten deze chat, zelfs WhatsApp "
                            + "niet, kan ze lezen of beluisteren.", "aan mij", "Inbox", "Beantwoorden", "Doorsturen"));

    static UiText of(String language) {
        return BY_LANGUAGE.getOrDefault(language, ENGLISH);
    }
}
