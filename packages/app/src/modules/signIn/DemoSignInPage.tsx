import { useState } from 'react';
import {
  Content,
  ErrorPanel,
  Header,
  Page,
  ProxiedSignInPage,
} from '@backstage/core-components';
import { SignInPageProps } from '@backstage/plugin-app-react';
import Button from '@material-ui/core/Button';
import Card from '@material-ui/core/Card';
import CardActions from '@material-ui/core/CardActions';
import CardContent from '@material-ui/core/CardContent';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import {
  forgetPersonaOnSignOut,
  Persona,
  PERSONA_HEADER,
  personaStorage,
} from './personas';

export function personaButtonLabel(persona: Persona) {
  return `Sign in as ${persona.displayName} — ${persona.title}`;
}

function PersonaCard(props: { persona: Persona; onChoose(): void }) {
  const { persona, onChoose } = props;
  return (
    <Card variant="outlined" style={{ height: '100%' }}>
      <CardContent>
        <Typography variant="h6" component="h2">
          {persona.displayName}
        </Typography>
        <Typography color="textSecondary" gutterBottom>
          {persona.title}
        </Typography>
        <Typography variant="body2">{persona.description}</Typography>
      </CardContent>
      <CardActions>
        <Button
          color="primary"
          variant="contained"
          onClick={onChoose}
          aria-label={personaButtonLabel(persona)}
        >
          Sign in as {persona.displayName}
        </Button>
      </CardActions>
    </Card>
  );
}

function PersonaChooser(props: {
  personas: Persona[];
  onChoose(persona: Persona): void;
}) {
  return (
    <Page themeId="home">
      <Header title="ADP Portal" subtitle="Demo: choose a persona to sign in" />
      <Content>
        <Typography paragraph>
          Each persona is a demo user with one ADP role. What you can see and
          change depends on the role you pick; sign out to choose another.
        </Typography>
        {props.personas.length === 0 ? (
          <ErrorPanel
            title="No demo personas"
            error={
              new Error(
                'adp.demo.enabled is set but adp.demo.personas is empty or not visible to the frontend.',
              )
            }
          />
        ) : (
          <Grid container spacing={3} component="ul" style={{ padding: 0 }}>
            {props.personas.map(persona => (
              <Grid
                item
                xs={12}
                sm={6}
                md={4}
                key={persona.userRef}
                component="li"
                style={{ listStyle: 'none' }}
              >
                <PersonaCard
                  persona={persona}
                  onChoose={() => props.onChoose(persona)}
                />
              </Grid>
            ))}
          </Grid>
        )}
      </Content>
    </Page>
  );
}

/**
 * Demo sign-in: pick a persona, then sign in through the `adp-demo` proxy
 * provider, which only accepts the personas listed in config.
 */
export function DemoSignInPage(
  props: SignInPageProps & { personas: Persona[] },
) {
  const { personas, onSignInSuccess } = props;
  const [persona, setPersona] = useState(() => personaStorage.load(personas));

  if (!persona) {
    return (
      <PersonaChooser
        personas={personas}
        onChoose={chosen => {
          personaStorage.save(chosen);
          setPersona(chosen);
        }}
      />
    );
  }

  const chooseAgain = () => {
    personaStorage.clear();
    setPersona(undefined);
  };

  return (
    <ProxiedSignInPage
      key={persona.userRef}
      provider="adp-demo"
      headers={{ [PERSONA_HEADER]: persona.userRef }}
      onSignInSuccess={identity =>
        onSignInSuccess(forgetPersonaOnSignOut(identity))
      }
      ErrorComponent={({ error }) => (
        <Page themeId="home">
          <Header title="ADP Portal" />
          <Content>
            <ErrorPanel
              title={`Could not sign in as ${persona.displayName}`}
              error={error ?? new Error('Unknown error')}
            />
            <Button variant="outlined" onClick={chooseAgain}>
              Choose another persona
            </Button>
          </Content>
        </Page>
      )}
    />
  );
}
