/** Interface strings. French is the reference; English mirrors every key (checked by the type). */
const fr = {
  'skip.content': 'Aller au contenu',
  'nav.home': 'Accueil',
  'nav.signIn': 'Se connecter',
  'nav.signOut': 'Se déconnecter',
  'nav.account': 'Mon compte',
  'nav.language': 'English',
  'footer.accessibility': 'Accessibilité : partiellement conforme',
  'footer.accessibility.total': 'Accessibilité : totalement conforme',
  'footer.accessibility.non': 'Accessibilité : non conforme',
  'footer.legal': 'Mentions légales',
  'footer.contact': 'Contact',
  'footer.privacy': 'Données personnelles',
  'error.400.title': 'Demande incorrecte',
  'error.400.text': 'La demande ne peut pas être traitée. Vérifiez les informations saisies.',
  'error.401.title': 'Connexion nécessaire',
  'error.401.text': 'Connectez-vous pour accéder à cette page.',
  'error.403.title': 'Accès refusé',
  'error.403.text': "Vous n'avez pas les droits nécessaires pour cette page.",
  'error.404.title': 'Page introuvable',
  'error.404.text': "La page demandée n'existe pas ou n'est plus disponible.",
  'error.409.title': 'Conflit',
  'error.409.text': 'Cette action a déjà été faite ou les données ont changé entre-temps.',
  'error.413.title': 'Fichier trop volumineux',
  'error.413.text': 'Le fichier ou le formulaire envoyé dépasse la taille autorisée.',
  'error.429.title': 'Trop de tentatives',
  'error.429.text': 'Trop de demandes en peu de temps. Patientez quelques minutes puis réessayez.',
  'error.500.title': 'Erreur technique',
  'error.500.text': "Une erreur inattendue s'est produite. L'équipe technique a été prévenue.",
  'error.503.title': 'Service momentanément indisponible',
  'error.503.text': 'Le portail est très sollicité ou en maintenance. Réessayez dans quelques instants.',
  'error.back': "Retour à l'accueil",
  'error.reference': 'Référence de la demande',
} as const;

export type MessageKey = keyof typeof fr;

const en: Record<MessageKey, string> = {
  'skip.content': 'Skip to content',
  'nav.home': 'Home',
  'nav.signIn': 'Sign in',
  'nav.signOut': 'Sign out',
  'nav.account': 'My account',
  'nav.language': 'Français',
  'footer.accessibility': 'Accessibility: partially compliant',
  'footer.accessibility.total': 'Accessibility: fully compliant',
  'footer.accessibility.non': 'Accessibility: not compliant',
  'footer.legal': 'Legal notice',
  'footer.contact': 'Contact',
  'footer.privacy': 'Personal data',
  'error.400.title': 'Bad request',
  'error.400.text': 'The request cannot be processed. Please check what you entered.',
  'error.401.title': 'Sign-in required',
  'error.401.text': 'Sign in to see this page.',
  'error.403.title': 'Access denied',
  'error.403.text': 'You do not have the rights needed for this page.',
  'error.404.title': 'Page not found',
  'error.404.text': 'The page you asked for does not exist or is no longer available.',
  'error.409.title': 'Conflict',
  'error.409.text': 'This was already done, or the data changed in the meantime.',
  'error.413.title': 'Too large',
  'error.413.text': 'The file or form sent is larger than allowed.',
  'error.429.title': 'Too many attempts',
  'error.429.text': 'Too many requests in a short time. Wait a few minutes and try again.',
  'error.500.title': 'Technical error',
  'error.500.text': 'Something unexpected happened. The technical team has been told.',
  'error.503.title': 'Service temporarily unavailable',
  'error.503.text': 'The portal is very busy or under maintenance. Try again in a moment.',
  'error.back': 'Back to the home page',
  'error.reference': 'Request reference',
};

/** Both dictionaries, for the completeness test. */
export const MESSAGES: Record<'fr' | 'en', Record<MessageKey, string>> = { fr, en };

export const LOCALES = ['fr', 'en'] as const;
export type Locale = (typeof LOCALES)[number];

export function translate(locale: Locale, key: MessageKey): string {
  return locale === 'en' ? en[key] : fr[key];
}

/** Picks the locale from the `lang` cookie, else French (the portal's language). */
export function pickLocale(cookie: string | undefined): Locale {
  return cookie === 'en' ? 'en' : 'fr';
}
