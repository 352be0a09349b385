import { Anchor, Stack, Text, Title } from '@mantine/core';
import { Link } from 'react-router';

export function NotFoundPage() {
  return (
    <Stack>
      <Title order={2}>Page not found</Title>
      <Text>This dashboard has no such page. <Anchor component={Link} to="/">Go home</Anchor>.</Text>
    </Stack>
  );
}
