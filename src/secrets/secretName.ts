/** The SecretStorage entry holding the Gemini API key (read by the key store, and by the first-run walkthrough check). */
export const API_KEY_SECRET_NAME = 'imageStudio.geminiApiKey';
