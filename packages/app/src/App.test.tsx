import { render, screen } from '@testing-library/react';
import App from './App';

describe('App', () => {
  it('starts at the demo persona chooser', async () => {
    process.env = {
      NODE_ENV: 'test',
      APP_CONFIG: [
        {
          data: {
            app: { title: 'ADP Portal' },
            backend: { baseUrl: 'http://localhost:7007' },
            adp: {
              demo: {
                enabled: true,
                personas: [
                  {
                    userRef: 'user:default/paul',
                    displayName: 'Paul Platform',
                    title: 'Platform User',
                    description: 'Reads everything.',
                  },
                ],
              },
            },
          },
          context: 'test',
        },
      ] as any,
    };

    render(App.createRoot());

    expect(
      await screen.findByRole('button', {
        name: 'Sign in as Paul Platform — Platform User',
      }),
    ).toBeInTheDocument();
  });
});
