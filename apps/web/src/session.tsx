export interface Me {
  id: string;
  email: string;
  name: string;
  role: string;
  organizationId: string;
  locale: 'en' | 'fr';
}
